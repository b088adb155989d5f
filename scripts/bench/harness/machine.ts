import os from 'node:os';
import pg from 'pg';
import { engine } from './isolation';

/** The machine a run measured on: figures from different machines do not compare. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  engine: string;
  /** The 1-minute load average when the run began: a busy machine flattens every ratio. */
  loadAverage: number;
}

async function engineVersion(): Promise<string> {
  const url = process.env.DATABASE_URL;
  if (!url) return `PGlite (embedded)`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>("select current_setting('server_version') as v");
    return `PostgreSQL ${rows[0]?.v ?? '?'}`;
  } finally {
    await client.end();
  }
}

export async function describeMachine(): Promise<Machine> {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    engine: engine === 'postgres' ? await engineVersion() : 'PGlite (embedded)',
    loadAverage: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}
