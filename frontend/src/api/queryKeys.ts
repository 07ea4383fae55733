// Every query key of the portal, in one place: a change invalidates exactly the queries that
// read what it changed. Keys are flat on purpose (`['location', id]` is not a prefix of
// `['location-licenses', id]`), so invalidating a location's details leaves its lists alone.
import type {
  DectImportState,
  SwaAssignmentState,
  SystemTypeCode,
  WebhookEventType,
  WebhookMessageStatus,
} from './client';

export const queryKeys = {
  me: () => ['me'] as const,

  systemTypes: () => ['system-types'] as const,
  hwkcCheck: (type: SystemTypeCode, value: string) => ['hwkc-check', type, value] as const,
  parts: () => ['parts'] as const,

  customers: {
    /** Every page of every search. */
    all: () => ['customers'] as const,
    page: (q: string, cursor: string | undefined) => ['customers', { q, cursor }] as const,
  },
  customer: (id: string) => ['customer', id] as const,
  customerLocations: (customerId: string) => ['customer-locations', customerId] as const,

  /** Easy Nav, the other location pickers and the Tools look-up (each its own page size). */
  locationSearch: (q: string, limit: number) => ['easy-nav', q, limit] as const,
  location: (id: string) => ['location', id] as const,
  locationChildren: (id: string) => ['location-children', id] as const,
  hwkcHistory: (locationId: string) => ['location-history', locationId] as const,
  locationAudit: (locationId: string) => ['location-audit', locationId] as const,
  locationLicenses: (locationId: string) => ['location-licenses', locationId] as const,
  licensePreview: (locationId: string, attachmentIds: string[]) =>
    ['license-preview', locationId, attachmentIds.join(',')] as const,
  dectImports: (locationId: string) => ['dect-imports', locationId] as const,

  licenseBin: {
    /** With and without the used purchase orders. */
    all: () => ['license-bin'] as const,
    list: (includeUsed: boolean) => ['license-bin', { includeUsed }] as const,
  },

  /** The distributor's resold licenses and SWA units (Tools). */
  reships: {
    all: () => ['reships'] as const,
    list: (filter: { dealerId?: string; from?: string; to?: string }) => ['reships', 'list', filter] as const,
    swa: () => ['reships', 'swa'] as const,
  },

  /** Software Assurance: everything under `['swa']` changes when units move. */
  swa: {
    all: () => ['swa'] as const,
    bin: () => ['swa', 'bin'] as const,
    prospects: () => ['swa', 'prospects'] as const,
    assignments: (filter: { locationId?: string; status?: SwaAssignmentState }) =>
      ['swa', 'assignments', filter] as const,
    freeOfCharge: (locationId: string) => ['swa', 'free-of-charge', locationId] as const,
    renewalQuote: (customerId: string, ask: { co_term: boolean; months_by_location: Record<string, number> }) =>
      ['swa', 'renewal-quote', customerId, ask] as const,
  },
  /** Every location list that shows a location's SWA status. */
  customerLocationsAll: () => ['customer-locations'] as const,
  locationSearchAll: () => ['easy-nav'] as const,

  apiKeys: () => ['api-keys'] as const,

  admin: {
    partners: {
      /** The chooser's full list and the paged table. */
      all: () => ['admin', 'partners'] as const,
      everyone: () => ['admin', 'partners', 'all'] as const,
      pages: () => ['admin', 'partners', 'pages'] as const,
    },
    users: () => ['admin', 'users'] as const,
    allowances: () => ['admin', 'allowances'] as const,
    dectImports: {
      /** Every state's queue. */
      all: () => ['admin', 'dect-imports'] as const,
      inState: (state: DectImportState) => ['admin', 'dect-imports', state] as const,
    },
    apiKeys: () => ['admin', 'api-keys'] as const,
    /** Webhook endpoints, and the messages on their way (each filter its own list). */
    webhookEndpoints: () => ['admin', 'webhook-endpoints'] as const,
    webhookMessages: {
      all: () => ['admin', 'webhook-messages'] as const,
      list: (filter: { endpointId?: string; status?: WebhookMessageStatus; eventType?: WebhookEventType }) =>
        ['admin', 'webhook-messages', 'list', filter] as const,
      detail: (id: string) => ['admin', 'webhook-messages', 'detail', id] as const,
    },
  },
};
