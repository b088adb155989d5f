import type { KnownClient } from '@cyrene/contracts';
import type { KnownClientRow } from './repository';

export function toKnownClient(row: KnownClientRow): KnownClient {
  return {
    client_id: row.client_id,
    user_id: row.user_id,
    device_name: row.device_name,
    user_agent: row.user_agent,
    note: row.note,
    last_seen: new Date(row.seen_at).getTime(),
    online: row.connections > 0,
  };
}
