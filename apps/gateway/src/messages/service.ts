import type { MessageSearchPage, SearchMessagesQuery } from '@cyrene/contracts';
import type { Principal } from '../http/principal';
import { targetUser } from '../sessions/service';
import { toSearchResult } from './mapper';
import type { MessagesRepository } from './repository';

/** §4: substring search over the caller's messages (the administrator: any user's, by user_id). */
export class MessagesService {
  constructor(private readonly repo: MessagesRepository) {}

  async search(principal: Principal, query: SearchMessagesQuery): Promise<MessageSearchPage> {
    const { q, limit, offset } = query;
    const { total, hits } = await this.repo.search(targetUser(principal, query.user_id), q, limit, offset);
    return {
      results: hits.map(toSearchResult),
      total,
      query: q,
      limit,
      offset,
    };
  }
}
