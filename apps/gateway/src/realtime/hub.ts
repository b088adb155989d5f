/** A frame the hub can deliver: anything JSON-serialisable with a `type`. */
export interface HubFrame {
  type: string;
}

/** One live connection as the hub sees it. */
export interface HubConnection {
  id: string;
  userId: string;
  sessionId: string;
  send(frame: HubFrame): void;
}

/**
 * Who is connected to this instance, grouped per user and per session.
 * (The cross-instance bus behind sendToUser arrives with the chat WebSocket.)
 */
export class ConnectionHub {
  private readonly byUser = new Map<string, Set<HubConnection>>();
  private readonly bySession = new Map<string, Set<HubConnection>>();

  add(conn: HubConnection): void {
    group(this.byUser, conn.userId).add(conn);
    group(this.bySession, conn.sessionId).add(conn);
  }

  remove(conn: HubConnection): void {
    ungroup(this.byUser, conn.userId, conn);
    ungroup(this.bySession, conn.sessionId, conn);
  }

  /** Sends to every connection of a user on this instance; returns how many got it. */
  sendToUser(userId: string, frame: HubFrame): number {
    return deliver(this.byUser.get(userId), frame);
  }

  sendToSession(sessionId: string, frame: HubFrame): number {
    return deliver(this.bySession.get(sessionId), frame);
  }

  online(userId: string): boolean {
    return (this.byUser.get(userId)?.size ?? 0) > 0;
  }

  count(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }
}

function group(map: Map<string, Set<HubConnection>>, key: string): Set<HubConnection> {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}

function ungroup(map: Map<string, Set<HubConnection>>, key: string, conn: HubConnection): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(conn);
  if (set.size === 0) map.delete(key);
}

function deliver(set: Set<HubConnection> | undefined, frame: HubFrame): number {
  if (!set) return 0;
  for (const conn of set) conn.send(frame);
  return set.size;
}
