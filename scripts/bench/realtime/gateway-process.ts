/**
 * A gateway in a process of its own for scripts/bench/realtime.ts (started by harness/host.ts),
 * on the store and with the settings in its environment.
 */
import { serveGateway } from '../harness/gateway-host';

await serveGateway();
