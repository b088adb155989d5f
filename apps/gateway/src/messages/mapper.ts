import type { MessageSearchResult } from '@cyrene/contracts';
import type { SearchHit } from './repository';

/** A search hit → the contract's result: the message id travels as a string, times as epoch ms. */
export function toSearchResult(h: SearchHit): MessageSearchResult {
  return {
    message_id: String(h.id),
    session_id: h.session_id,
    session_title: h.session_title,
    role: h.role,
    content: h.content,
    created_at: h.created_at.getTime(),
  };
}
