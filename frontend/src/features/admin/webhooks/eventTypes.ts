// The event types the LMS sends, as an administrator reads them.
import type { WebhookEventType, WebhookMessageStatus } from '../../../api/client';

export const EVENT_TYPES: { type: WebhookEventType; text: string }[] = [
  { type: 'license.shipped', text: 'Licenses arrived in a partner’s license bin' },
  { type: 'swa.shipped', text: 'SWA units arrived in a partner’s SWA bin' },
  { type: 'license.activated', text: 'Licenses were activated (with the activation code)' },
  { type: 'external_file.available', text: 'An external product’s license file arrived' },
  { type: 'swa.activated', text: 'Software Assurance became active' },
  { type: 'reship.received', text: 'A distributor’s reship arrived at a dealer' },
  { type: 'hardware.replaced', text: 'A location’s hardware was replaced' },
  { type: 'location.migrated', text: 'An SV9100 CP10 location migrated to CP20' },
];

export const ALL_EVENT_TYPES = EVENT_TYPES.map((e) => e.type);

export const STATUS_LABEL: Record<WebhookMessageStatus, string> = {
  pending: 'Pending',
  delivered: 'Delivered',
  failed: 'Failed',
};
