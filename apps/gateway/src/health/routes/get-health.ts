import { contract } from '@cyrene/contracts';
import { s } from '../../http/server';
import type { ConnectionHub } from '../../realtime/hub';

export const getHealth = (hub: ConnectionHub) =>
  s.route(contract.health.getHealth, async () => ({
    status: 200,
    body: { status: 'ok', service: 'cyrene-gateway', ws_connections: hub.count() },
  }));
