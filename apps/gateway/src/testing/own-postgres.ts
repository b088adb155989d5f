import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

const run = promisify(execFile);

const PG_BIN = [
  '/usr/lib/postgresql/15/bin',
  '/usr/lib/postgresql/16/bin',
  '/usr/local/bin',
  '/usr/bin',
].find((dir) => existsSync(path.join(dir, 'pg_ctl')));

/** Whether this machine can run a server of a test's own (PostgreSQL's binaries are installed). */
export const canRunOwnPostgres = PG_BIN !== undefined;

const asRoot = process.getuid?.() === 0;

/** PostgreSQL refuses to run as root: as root, its commands run as the postgres user. */
function pgCommand(tool: string, args: string[]): Promise<unknown> {
  const bin = path.join(PG_BIN ?? '', tool);
  return asRoot ? run('runuser', ['-u', 'postgres', '--', bin, ...args]) : run(bin, args);
}

/**
 * A PostgreSQL server of a test's own (initdb in a temp dir, as scripts/with-postgres.sh does), for
 * tests that stop and restart it under running gateways: the shared server of the test run must
 * stay up for the other tests.
 */
export class OwnPostgres {
  private constructor(
    private readonly root: string,
    readonly port: number,
  ) {}

  /** `postgres://…/postgres` on 127.0.0.1. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private get dataDir(): string {
    return path.join(this.root, 'data');
  }

  static async create(): Promise<OwnPostgres> {
    const root = await mkdtemp(path.join(tmpdir(), 'cyrene-own-pg-'));
    if (asRoot) await run('chown', ['postgres', root]);
    const server = new OwnPostgres(root, await freePort());
    await pgCommand('initdb', [
      '-D',
      server.dataDir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '--locale=C.UTF-8',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    await server.start();
    return server;
  }

  /** Starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    await pgCommand('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      path.join(this.root, 'server.log'),
      '-w',
      '-o',
      `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.root} -c fsync=off -c max_connections=100`,
      'start',
    ]);
  }

  /**
   * Stops the server: `fast` ends every session with 57P01 (what an operator's restart does),
   * `immediate` drops them as a crash would.
   */
  async stop(mode: 'fast' | 'immediate'): Promise<void> {
    await pgCommand('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', 'stop']);
  }

  /** The server's own log (for a failing test's report). */
  log(): Promise<string> {
    return readFile(path.join(this.root, 'server.log'), 'utf8').catch(() => '');
  }

  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => {});
    await rm(this.root, { recursive: true, force: true });
  }
}
