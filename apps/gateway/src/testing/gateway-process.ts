import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port';
import { call } from './http';
import { TEST_ADMIN } from './test-gateway';

const BIN = fileURLToPath(new URL('../../bin/cyrene.js', import.meta.url));

export interface GatewayProcessOptions {
  /** Settings over the defaults below (DATABASE_URL, AI_CORE_URL…). */
  env?: Record<string, string>;
  /** A DATA_DIR to use (shared by instances); by default one of its own, removed by stop(). */
  dataDir?: string;
}

/**
 * A gateway in a process of its own, run as an operator runs it (`cyrene start`, in the
 * foreground), for tests that must see a process survive — or kill one. Its output is kept;
 * `fatalLines()` are what it logged at fatal level (an error escaped every handler).
 */
export class GatewayProcess {
  private output = '';
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly exited: Promise<void>;

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    private readonly ownDataDir: string | undefined,
  ) {
    child.stdout?.on('data', (b: Buffer) => this.keep(b));
    child.stderr?.on('data', (b: Buffer) => this.keep(b));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve();
      });
    });
  }

  static async start(options: GatewayProcessOptions = {}): Promise<GatewayProcess> {
    const ownDataDir = options.dataDir ? undefined : await mkdtemp(path.join(tmpdir(), 'cyrene-proc-'));
    const dataDir = options.dataDir ?? (ownDataDir as string);
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, 'start'], {
      cwd: dataDir,
      env: {
        PATH: process.env.PATH,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        ADMIN_USERNAME: TEST_ADMIN.username,
        ADMIN_PASSWORD: TEST_ADMIN.password,
        REGISTRATION_ENABLED: 'true',
        JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
        AUTH_RATE_LIMIT_PER_MINUTE: '100000',
        WS_MAX_FRAMES_PER_SECOND: '100000',
        // No console build: these tests are about the API.
        CONSOLE_DIR: dataDir,
        LOG_LEVEL: 'warn',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const gateway = new GatewayProcess(child, `http://127.0.0.1:${port}`, ownDataDir);
    await gateway.untilReady();
    return gateway;
  }

  /** Whether the process is still running. */
  get running(): boolean {
    return this.exit === undefined;
  }

  get log(): string {
    return this.output;
  }

  /** Lines logged at pino's fatal level (60): errors that escaped every handler. */
  fatalLines(): string[] {
    return this.output.split('\n').filter((line) => line.includes('"level":60'));
  }

  async untilReady(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running)
        throw new Error(`gateway exited during start: ${JSON.stringify(this.exit)}\n${this.output}`);
      const ready = await call(this.url, 'GET', '/api/v1/health/ready').catch(() => undefined);
      if (ready?.status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`gateway not ready within ${timeoutMs} ms\n${this.output}`);
  }

  /**
   * SIGTERM (a graceful stop) or SIGKILL (kill -9), and waits for the exit; a graceful stop still
   * running after `graceMs` (writes waiting out a database that is away) is killed.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 30_000): Promise<void> {
    if (this.running) this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
    if (this.ownDataDir) await rm(this.ownDataDir, { recursive: true, force: true });
  }

  private keep(chunk: Buffer): void {
    this.output += chunk.toString();
    // Enough to read why it failed, without growing without bound under load.
    if (this.output.length > 2_000_000) this.output = this.output.slice(-1_000_000);
  }
}
