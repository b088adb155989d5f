import { randomUUID } from 'node:crypto';

/**
 * This process's gateway instance: the owner of the live_sessions rows of the WebSocket
 * connections it holds. A restart is a new instance; the old one's rows are cleared by
 * ClientRegistry's heartbeat sweep (or clearInstance on a clean shutdown).
 */
export const INSTANCE_ID = randomUUID();
