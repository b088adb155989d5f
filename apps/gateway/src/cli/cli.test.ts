import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm } from '../files/testing/multipart-client';
import { call } from '../testing/http';
import { knownMigrations } from './migrations';
import { runCyrene } from './testing/run-cli';

/*
 * The operator CLI run for real: `node apps/gateway/bin/cyrene.js …` as a child process, on an
 * embedded database in a temp DATA_DIR; the restore target is PostgreSQL when DATABASE_URL is set.
 */

const ADMIN_PASSWORD = 'cli-admin-password';
/**
 * A test that runs the CLI several times over: each run is a process of its own that opens the
 * database (1–5 s on a busy CI machine), so the suite's 30 s would measure the machine's load.
 */
const SEVERAL_RUNS_MS = 120_000;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Parses a backup into its rows by table (values compared as data, not as text) and its blobs. */
async function backupContents(file: string) {
  const raw = await readFile(file);
  const text = (raw[0] === 0x1f ? gunzipSync(raw) : raw).toString('utf8');
  const rows: Record<string, unknown[]> = {};
  const blobs: string[] = [];
  for (const line of text.split('\n').slice(1)) {
    if (line === '') continue;
    const value = JSON.parse(line) as { table?: string; row?: unknown; blob?: string; data?: string };
    if (value.table) rows[value.table] = [...(rows[value.table] ?? []), value.row];
    if (value.blob) blobs.push(`${value.blob}:${value.data}`);
  }
  return { rows, blobs };
}

describe('cyrene (operator CLI)', () => {
  let work: string;
  let dataDir: string;
  let port: number;
  let env: Record<string, string | undefined>;
  /** The restore target: its own DATA_DIR, and its own PostgreSQL database when DATABASE_URL is set. */
  const target: Record<string, string | undefined> = {};
  let dropTarget = async () => {};

  /** Runs the CLI to its end; `extra` overrides the environment (undefined removes a variable). */
  const cyrene = (args: string[], extra: Record<string, string | undefined> = {}, stdin?: string) =>
    runCyrene(args, { ...env, ...extra }, work, stdin);

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'cyrene-cli-'));
    dataDir = path.join(work, 'data');
    port = await freePort();
    const { DATABASE_URL: _pg, ...inherited } = process.env;
    env = {
      ...inherited,
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      ADMIN_PASSWORD,
      LOG_LEVEL: 'info',
    };
  });
  afterAll(async () => {
    await cyrene(['stop']);
    await dropTarget();
    await rm(work, { recursive: true, force: true });
  });

  it('--help lists every command, and each command has its own', async () => {
    const all = await cyrene(['--help']);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('db:backup');
    const one = await cyrene(['user:create', '--help']);
    expect(one).toMatchObject({ code: 0, stderr: '' });
    expect(one.stdout).toMatch(/^Usage: cyrene user:create <username> \[options\]/);
    const wrong = await cyrene(['db:restore']);
    expect(wrong).toMatchObject({ code: 2, stdout: '' });
    expect(wrong.stderr).toBe('error: missing <file>\nhint: see: cyrene db:restore --help\n');
  });

  it('db:status on a fresh DATA_DIR lists every migration pending (exit 1); db:migrate applies them', async () => {
    const names = knownMigrations();
    const fresh = await cyrene(['db:status']);
    expect(fresh.code).toBe(1);
    for (const name of names) expect(fresh.stdout).toContain(`pending  ${name}`);
    const migrated = await cyrene(['db:migrate']);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain(`applied ${names.at(-1)}`);
    const after = await cyrene(['db:status', '--json']);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({
      pending: 0,
      migrations: names.map((name) => ({ name })),
    });
  });

  it('user:create and user:reset-password follow registration’s rules', async () => {
    const created = await cyrene(['user:create', 'alice', '--password', 'first-pass', '--nickname', 'Alice']);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toBe('created user alice (user_id user_alice, nickname Alice)\n');
    const taken = await cyrene(['user:create', 'alice', '--password', 'first-pass']);
    expect(taken).toMatchObject({ code: 1, stderr: 'error: 用户名已被注册\n' });
    const short = await cyrene(['user:create', 'bob', '--password', '12345']);
    expect(short).toMatchObject({ code: 1, stderr: 'error: password: 密码长度需为 6-64 个字符\n' });
    // The password from stdin, as a script would pipe it.
    const reset = await cyrene(['user:reset-password', 'alice'], {}, 'second-pass\n');
    expect(reset.code).toBe(0);
    // A backup of alice with no data yet, for the import below; only its owner may read it.
    expect((await cyrene(['db:backup', path.join(work, 'users-only.jsonl')])).code).toBe(0);
    expect((await stat(path.join(work, 'users-only.jsonl'))).mode & 0o777).toBe(0o600);
  });

  it('start on a port already taken says so in words and exits 1, with no stack', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port: busy } = taken.address() as AddressInfo;
      const run = await cyrene(['start'], { PORT: String(busy), DATA_DIR: path.join(work, 'busy-port') });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`cannot listen on 127.0.0.1:${busy}: the port is already in use`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      taken.close();
    }
  });

  it(
    'start --daemon, status, login as the created user, stop',
    async () => {
      const started = await cyrene(['start', '--daemon']);
      expect(started.stderr).toBe('');
      expect(started.code).toBe(0);
      expect(started.stdout).toContain(`at http://127.0.0.1:${port}, database: pglite`);

      const status = await cyrene(['status', '--json']);
      expect(status.code).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({
        running: true,
        ready: true,
        database: 'pglite',
        ws_connections: 0,
      });

      const api = `http://127.0.0.1:${port}`;
      const old = await call(api, 'POST', '/api/v1/auth/login', {
        body: { username: 'alice', password: 'first-pass' },
      });
      expect(old.status).toBe(401);
      const login = await call<{ token: string; user_id: string }>(api, 'POST', '/api/v1/auth/login', {
        body: { username: 'alice', password: 'second-pass' },
      });
      expect(login.status).toBe(200);
      expect(login.body.user_id).toBe('user_alice');
      // Some data for the backup below: a session, a memory and a stored file.
      const token = login.body.token;
      expect(
        (await call(api, 'POST', '/api/v1/sessions', { token, body: { title: '备份测试' } })).status,
      ).toBe(201);
      expect(
        (await call(api, 'POST', '/api/v1/memory', { token, body: { content: '喜欢绿茶' } })).status,
      ).toBe(201);
      const upload = await postForm(api, '/api/v1/files/upload', token, [
        { field: 'file', content: 'kept in a backup\n', filename: 'b.txt', type: 'text/plain' },
      ]);
      expect(upload.status).toBe(201);

      // The embedded database belongs to the running gateway: said plainly, nothing opened.
      const locked = await cyrene(['db:backup', path.join(work, 'never.jsonl')]);
      expect(locked.code).toBe(1);
      expect(locked.stderr).toContain(`DATA_DIR ${dataDir} is in use by another gateway process`);
      expect(locked.stderr).toContain('hint: stop it with `cyrene stop`');

      const logs = await cyrene(['logs', '--no-follow', '--lines', '200']);
      expect(logs.code).toBe(0);
      expect(logs.stdout).toContain('Cyrene Gateway listening on');

      const stopped = await cyrene(['stop']);
      expect(stopped).toMatchObject({ code: 0, stderr: '' });
      const down = await cyrene(['status']);
      expect(down.code).toBe(1);
      expect(down.stdout).toMatch(/^gateway: +not running/);
    },
    SEVERAL_RUNS_MS,
  );

  it(
    'db:backup from PGlite restores into PostgreSQL (or PGlite) with every row and file equal',
    async () => {
      const backup = path.join(work, 'backup.jsonl.gz');
      const dumped = await cyrene(['db:backup', backup]);
      expect(dumped).toMatchObject({ code: 0, stderr: '' });
      expect(dumped.stdout).toContain('1 stored files');

      target.DATA_DIR = path.join(work, 'restored');
      const server = process.env.DATABASE_URL;
      if (server) {
        const name = `cyrene_cli_${randomBytes(5).toString('hex')}`;
        const admin = new pg.Client({ connectionString: server });
        await admin.connect();
        await admin.query(`create database ${name}`);
        await admin.end();
        const url = new URL(server);
        url.pathname = `/${name}`;
        target.DATABASE_URL = url.toString();
        dropTarget = async () => {
          const dropper = new pg.Client({ connectionString: server });
          await dropper.connect();
          await dropper.query(`drop database if exists ${name} with (force)`).finally(() => dropper.end());
        };
      }
      const restored = await cyrene(['db:restore', backup], target);
      expect(restored.stderr).toBe('');
      expect(restored.code).toBe(0);
      const again = await cyrene(['db:restore', backup], target);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/^error: the target database already holds data \(.*users.*\)\n/);

      const copy = path.join(work, 'copy.jsonl');
      expect((await cyrene(['db:backup', copy], target)).code).toBe(0);
      const [a, b] = await Promise.all([backupContents(backup), backupContents(copy)]);
      expect(a.rows.users).toHaveLength(1);
      expect(a.rows.sessions).toHaveLength(1);
      expect(b).toEqual(a);
    },
    SEVERAL_RUNS_MS,
  );

  it(
    'export, then import into another database holding the user: the same archive comes back out',
    async () => {
      const file = path.join(work, 'alice.jsonl.gz');
      const exported = await cyrene(['export', '--user', 'user_alice', '--out', file]);
      expect(exported).toMatchObject({ code: 0, stderr: '' });
      expect(exported.stdout).toContain('sessions: 1 sessions, 0 messages');
      expect(exported.stdout).toContain('stored file content: 1');

      // Next to the data it came from, the ids are taken: refused as a whole.
      const taken = await cyrene(['import', file]);
      expect(taken.code).toBe(1);
      expect(taken.stderr).toMatch(/^error: 会话 session_\w+ 已存在\n/);
      const missing = await cyrene(['import', file, '--as', 'user_dave']);
      expect(missing).toMatchObject({
        code: 1,
        stderr:
          'error: there is no user user_dave on this gateway\nhint: create it first: cyrene user:create dave\n',
      });

      // The restore target goes back to alice without data (--force replaces what it holds) …
      const reset = await cyrene(['db:restore', '--force', path.join(work, 'users-only.jsonl')], target);
      expect(reset).toMatchObject({ code: 0, stderr: '' });
      // … then takes the archive, and gives the same records back.
      const imported = await cyrene(['import', file], target);
      expect(imported).toMatchObject({ code: 0, stderr: '' });
      expect(imported.stdout).toContain('imported');
      const again = path.join(work, 'alice-again.jsonl.gz');
      expect((await cyrene(['export', '--user', 'user_alice', '--out', again], target)).code).toBe(0);
      const records = async (f: string) =>
        gunzipSync(await readFile(f))
          .toString('utf8')
          .split('\n')
          .slice(1)
          .filter((l) => l !== '');
      expect(await records(again)).toEqual(await records(file));
    },
    SEVERAL_RUNS_MS,
  );
});
