import type { GatewayClient, Message } from '@cyrene/sdk';
import { unwrap } from '@cyrene/sdk';
import { type InfiniteData, infiniteQueryOptions, queryOptions } from '@tanstack/react-query';

/** Messages per page of history. */
const MESSAGE_PAGE = 30;

export const chatKeys = {
  sessions: ['chat', 'sessions'] as const,
  session: (id: string) => ['chat', 'sessions', id] as const,
  messages: (sessionId: string) => ['chat', 'messages', sessionId] as const,
};

export const sessionsQuery = (api: GatewayClient) =>
  queryOptions({
    queryKey: chatKeys.sessions,
    queryFn: async () => unwrap(await api.rest.sessions.listSessions({ query: {} }), 200).sessions,
  });

/** Pages counted back from the newest message; page n skips the n·MESSAGE_PAGE newest. */
export const messagesQuery = (api: GatewayClient, sessionId: string) =>
  infiniteQueryOptions({
    queryKey: chatKeys.messages(sessionId),
    initialPageParam: 0,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.rest.sessions.listMessages({
          params: { id: sessionId },
          query: { limit: MESSAGE_PAGE, offset: pageParam },
        }),
        200,
      ).messages,
    getNextPageParam: (last, _all, offset) =>
      last.length < MESSAGE_PAGE ? undefined : offset + MESSAGE_PAGE,
  });

/** The loaded pages as one conversation, oldest first, each message once. */
export function flattenMessages(data: InfiniteData<Message[]> | undefined): Message[] {
  const byId = new Map<number, Message>();
  for (const page of [...(data?.pages ?? [])].reverse()) for (const m of page) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

// The chat screen's session calls, each answering the success body (a failure throws GatewayError).

export async function getSession(api: GatewayClient, id: string) {
  return unwrap(await api.rest.sessions.getSession({ params: { id } }), 200);
}

export async function createSession(api: GatewayClient) {
  return unwrap(await api.rest.sessions.createSession({ body: {} }), 201);
}

export async function renameSession(api: GatewayClient, id: string, title: string) {
  return unwrap(await api.rest.sessions.updateSession({ params: { id }, body: { title } }), 200);
}

export async function clearMessages(api: GatewayClient, id: string) {
  return unwrap(await api.rest.sessions.clearMessages({ params: { id } }), 200);
}

export async function deleteSession(api: GatewayClient, id: string) {
  return unwrap(await api.rest.sessions.deleteSession({ params: { id } }), 200);
}
