import type { SessionState } from '@cyrene/contracts';
import type { LiveSessionRow } from '../../db/schema';

/**
 * Open connections → one SessionState per (user, session), most recently active first.
 * `rows` come oldest first, so the last row of a group is its most recent connection, whose
 * client, device and instance the state shows.
 */
export function toSessionStates(rows: LiveSessionRow[]): SessionState[] {
  const groups = new Map<string, LiveSessionRow[]>();
  for (const row of rows) {
    const key = JSON.stringify([row.user_id, row.session_id]);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()]
    .map(sessionState)
    .sort((a, b) => b.last_activity - a.last_activity || a.session_id.localeCompare(b.session_id));
}

function sessionState(connections: LiveSessionRow[]): SessionState {
  const first = connections[0];
  const latest = connections[connections.length - 1];
  if (!first || !latest) throw new Error('a session state needs at least one connection');
  return {
    session_id: latest.session_id,
    user_id: latest.user_id,
    client_id: latest.client_id,
    device_name: latest.device_name,
    user_agent: latest.user_agent,
    connected_at: first.connected_at.getTime(),
    last_activity: Math.max(...connections.map((c) => c.last_activity.getTime())),
    message_count: connections.reduce((sum, c) => sum + c.message_count, 0),
    connections: connections.length,
    instance_id: latest.instance_id,
  };
}
