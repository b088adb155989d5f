import { contract } from '@cyrene/contracts';
import { s } from '../http/server';
import { searchMessages } from './routes/search-messages';
import type { MessagesService } from './service';

export function messagesRouter(messages: MessagesService) {
  return s.router(contract.messages, {
    searchMessages: searchMessages(messages),
  });
}
