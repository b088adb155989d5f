import type { ChatSocket } from '@cyrene/sdk';
import { useEffect, useState } from 'react';

/**
 * Makes the socket follow the session, so replies asked from other devices stream here too
 * (after reconnects as well), and says whether its replay is over. Until then a question must
 * not be sent: the SDK would take a replayed old answer for the new one.
 */
export function useFollowSession(socket: ChatSocket | null, sessionId: string): boolean {
  const [readyFor, setReadyFor] = useState<{ socket: ChatSocket; sessionId: string } | null>(null);
  useEffect(() => {
    if (!socket) return;
    let current = true;
    void socket.follow(sessionId).then(() => {
      if (current) setReadyFor({ socket, sessionId });
    });
    return () => {
      current = false;
    };
  }, [socket, sessionId]);
  return readyFor !== null && readyFor.socket === socket && readyFor.sessionId === sessionId;
}
