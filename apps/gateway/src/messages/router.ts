import { contract } from '@cyrene/contracts';
import { principalOf } from '../http/principal';
import { s } from '../http/server';
import type { MessagesService } from './service';

export function messagesRouter(messages: MessagesService) {
  return s.router(contract.messages, {
    searchMessages: async ({ req, query }) => ({
      status: 200,
      body: await messages.search(principalOf(req), query),
    }),
  });
}
