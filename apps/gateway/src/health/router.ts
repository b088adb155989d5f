import { contract } from '@cyrene/contracts';
import type { GatewayDatabase } from '../db/database';
import { s } from '../http/server';
import type { ConnectionHub } from '../realtime/hub';
import type { ProcessFaults } from './process-faults';
import { getReadiness, type StorageProbe } from './routes/get-readiness';

export function healthRouter(
  hub: ConnectionHub,
  database: GatewayDatabase,
  storage: StorageProbe,
  faults?: ProcessFaults,
) {
  return s.router(contract.health, {
    getHealth: async () => ({
      status: 200,
      body: { status: 'ok', service: 'cyrene-gateway', ws_connections: hub.count() },
    }),
    getReadiness: getReadiness(database, storage, faults),
  });
}
