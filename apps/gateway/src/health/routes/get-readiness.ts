import { contract } from '@cyrene/contracts';
import type { GatewayDatabase } from '../../db/database';
import { s } from '../../http/server';

const PING_TIMEOUT_MS = 2_000;

/** 200 when the database answers within the timeout, 503 otherwise: never a crash. */
export const getReadiness = (database: GatewayDatabase) =>
  s.route(contract.health.getReadiness, async () => {
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
