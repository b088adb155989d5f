import { contract } from '@cyrene/contracts';
import type { GatewayDatabase } from '../../db/database';
import { s } from '../../http/server';
import type { ProcessFaults } from '../process-faults';

const PING_TIMEOUT_MS = 2_000;

/** Where file content is kept, asked whether it can be used (the blob store). */
export interface StorageProbe {
  check(): Promise<void>;
}

/** Resolves to whether `probe` settled well within the timeout. */
async function answers(probe: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), PING_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * 200 when the database and the file storage answer within the timeout, 503 otherwise: never a
 * crash. Also 503 once an error escaped every handler of the process (it keeps serving, but wants
 * a restart).
 */
export const getReadiness = (database: GatewayDatabase, storage: StorageProbe, faults?: ProcessFaults) =>
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
    const [databaseUp, storageUp] = await Promise.all([
      answers(() => database.ping()),
      answers(() => storage.check()),
    ]);
    if (!databaseUp) {
      return {
        status: 503,
        body: {
          error: '数据库不可用',
          errorType: 'service_unavailable',
          hint: '检查 DATABASE_URL 或 DATA_DIR',
        },
      };
    }
    if (!storageUp) {
      return {
        status: 503,
        body: {
          error: '文件存储不可用',
          errorType: 'service_unavailable',
          hint: '检查 S3_BUCKET、S3_ENDPOINT 与访问密钥',
        },
      };
    }
    return { status: 200, body: { status: 'ready', database: database.engine } };
  });
