import type { ChatSocket, ChatSocketState } from '@cyrene/sdk';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { useApi } from '../api/client';
import { consoleClientId } from '../api/client-id';
import { useAuth } from '../auth/auth';

/** `unavailable`: this user may not open the chat WebSocket (the spec keeps it for the admin). */
export type RealtimeState = ChatSocketState | 'unavailable';

interface Realtime {
  socket: ChatSocket | null;
  state: RealtimeState;
}

const RealtimeContext = createContext<Realtime>({ socket: null, state: 'unavailable' });

/**
 * The console's one chat WebSocket, open while an administrator is signed in: chat streams,
 * notifications and resume after a dropped network all come through it. The SDK reconnects with
 * backoff and asks each session for what it missed.
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const { isAdmin } = useAuth();
  const [realtime, setRealtime] = useState<Realtime>({ socket: null, state: 'unavailable' });

  useEffect(() => {
    if (!isAdmin) {
      setRealtime({ socket: null, state: 'unavailable' });
      return;
    }
    const socket = api.chat({
      clientId: consoleClientId(),
      deviceName: 'Web console',
      reconnect: { initialDelayMs: 500, maxDelayMs: 5000 },
    });
    setRealtime({ socket, state: socket.state });
    const offState = socket.onState((state) => setRealtime({ socket, state }));
    socket.connect().catch(() => {});
    return () => {
      offState();
      socket.close();
    };
  }, [api, isAdmin]);

  return <RealtimeContext.Provider value={realtime}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): Realtime {
  return useContext(RealtimeContext);
}
