import { type GatewayClient, type SearchMessagesQuery, unwrap } from '@cyrene/sdk';

/** TanStack Query keys of the message search. */
export const searchKeys = {
  results: (query: string, offset: number) => ['messages', 'search', query, offset] as const,
};

/** Messages matching the search, one page (a failure throws GatewayError). */
export async function findMessages(api: GatewayClient, query: SearchMessagesQuery) {
  return unwrap(await api.rest.messages.searchMessages({ query }), 200);
}
