// Webhook administration: the endpoints events are sent to, and the messages on their way.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  api,
  call,
  type WebhookEndpointBody,
  type WebhookEndpointPatch,
  type WebhookEventType,
  type WebhookMessageStatus,
} from '../../../api/client';
import { allPages, usePagedQuery } from '../../../api/paging';
import { queryKeys } from '../../../api/queryKeys';

/** Every endpoint (there are few). */
export function useWebhookEndpoints() {
  return useQuery({
    queryKey: queryKeys.admin.webhookEndpoints(),
    queryFn: () =>
      allPages((cursor) =>
        call(api.GET('/api/v1/admin/webhook-endpoints', { params: { query: { limit: 200, cursor } } })),
      ),
  });
}

function useInvalidateEndpoints() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: queryKeys.admin.webhookEndpoints() });
}

/** Adds an endpoint; the answer holds its secret, shown once. */
export function useCreateWebhookEndpoint() {
  const invalidate = useInvalidateEndpoints();
  return useMutation({
    mutationFn: (body: WebhookEndpointBody) => call(api.POST('/api/v1/admin/webhook-endpoints', { body })),
    onSuccess: invalidate,
  });
}

/** Changes an endpoint (URL, event types, description, enabled). */
export function useUpdateWebhookEndpoint() {
  const invalidate = useInvalidateEndpoints();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: WebhookEndpointPatch }) =>
      call(api.PATCH('/api/v1/admin/webhook-endpoints/{id}', { params: { path: { id } }, body: patch })),
    onSuccess: invalidate,
  });
}

/** A new secret for an endpoint, shown once. */
export function useRotateWebhookSecret() {
  const invalidate = useInvalidateEndpoints();
  return useMutation({
    mutationFn: (id: string) =>
      call(api.POST('/api/v1/admin/webhook-endpoints/{id}/secret-rotation', { params: { path: { id } } })),
    onSuccess: invalidate,
  });
}

export function useDeleteWebhookEndpoint() {
  const invalidate = useInvalidateEndpoints();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE('/api/v1/admin/webhook-endpoints/{id}', { params: { path: { id } } })),
    onSuccess: invalidate,
  });
}

export interface MessageFilter {
  endpointId?: string;
  status?: WebhookMessageStatus;
  eventType?: WebhookEventType;
}

/** Messages newest first, 50 a page; refreshed every few seconds while deliveries go on. */
export function useWebhookMessages(filter: MessageFilter) {
  return usePagedQuery(queryKeys.admin.webhookMessages.list(filter), (cursor) =>
    call(
      api.GET('/api/v1/admin/webhook-messages', {
        params: {
          query: {
            limit: 50,
            cursor,
            endpoint_id: filter.endpointId,
            status: filter.status,
            event_type: filter.eventType,
          },
        },
      }),
    ),
  );
}

/** One message with its body and attempts. */
export function useWebhookMessage(id: string) {
  return useQuery({
    queryKey: queryKeys.admin.webhookMessages.detail(id),
    queryFn: () => call(api.GET('/api/v1/admin/webhook-messages/{id}', { params: { path: { id } } })),
  });
}

/** Sends a message again (same webhook-id); the lists and its details are read again. */
export function useRedeliverWebhookMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      call(api.POST('/api/v1/admin/webhook-messages/{id}/redelivery', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.admin.webhookMessages.all() }),
  });
}
