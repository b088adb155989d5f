import { contract } from '@cyrene/contracts';
import type { GatewayDatabase } from '../../db/database';
import { s } from '../../http/server';
import type { ProcessFaults } from '../process-faults';

const PING_TIMEOUT_MS = 2_000;

/**
 * 200 when the database answers within the timeout, 503 otherwise: never a crash. Also 503 once
 * an error escaped every handler of the process (it keeps serving, but wants a restart).
 */
export const getReadiness = (database: GatewayDatabase, faults?: ProcessFaults) =>
  s.route(contract.health.getReadiness, async () => {
    const fault = faults?.fault;
    if (fault) {
      return {
        status: 503,
        body: {
          error: '进程发生未处理的错误,需要重启',
          errorType: 'internal_error',
          hint: `${fault.kind} at ${fault.at.toISOString()}: ${fault.message}`,
        },
      };
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), PING_TIMEOUT_MS);
    });
    try {
      await Promise.race([database.ping(), timeout]);
      return { status: 200, body: { status: 'ready', database: database.engine } };
    } catch {
      return {
        status: 503,
        body: {
          error: '数据库不可用',
          errorType: 'service_unavailable',
          hint: '检查 DATABASE_URL 或 DATA_DIR',
        },
      };
    } finally {
      clearTimeout(timer);
    }
  });
