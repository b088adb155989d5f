import type { ChatSocket } from '@cyrene/sdk';
import { useEffect, useState } from 'react';

/** Per socket, the sessions it was asked to follow, settled once their replay has arrived. */
const followed = new WeakMap<ChatSocket, Map<string, Promise<void>>>();

/**
 * Makes the socket follow a session so replies asked from other devices stream here too, after
 * reconnects as well (the SDK resumes followed sessions). Following a session replays what the
 * gateway still holds of it; the gateway handles one connection's frames in order, so the
 * answer to the `history` sent after it marks the end of that replay.
 */
function follow(socket: ChatSocket, sessionId: string): Promise<void> {
  let sessions = followed.get(socket);
  if (!sessions) {
    sessions = new Map();
    followed.set(socket, sessions);
  }
  let ready = sessions.get(sessionId);
  if (!ready) {
    socket.follow(sessionId);
    ready = socket.history(1, sessionId).then(() => undefined);
    sessions.set(sessionId, ready);
  }
  return ready;
}

/**
 * Whether the socket follows the session and its replay is over. Until then a question must
 * not be sent: the SDK would take a replayed old answer for the new one.
 */
export function useFollowSession(socket: ChatSocket | null, sessionId: string): boolean {
  const [readyFor, setReadyFor] = useState<{ socket: ChatSocket; sessionId: string } | null>(null);
  useEffect(() => {
    if (!socket) return;
    let current = true;
    void follow(socket, sessionId).then(() => {
      if (current) setReadyFor({ socket, sessionId });
    });
    return () => {
      current = false;
    };
  }, [socket, sessionId]);
  return readyFor !== null && readyFor.socket === socket && readyFor.sessionId === sessionId;
}
