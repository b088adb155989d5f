import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Config } from '../config/config';

/** What names one gateway instance's files: its DATA_DIR, its database and its listen port. */
export type InstanceConfig = Pick<Config, 'dataDir' | 'databaseUrl' | 'port'>;

/**
 * The name of this instance's pid file and daemon log. On the embedded database one gateway owns
 * DATA_DIR (it is locked), so the names are fixed: `gateway`. On PostgreSQL several instances may
 * share DATA_DIR (the deployment guide asks for it), each with its own files named by its host
 * (DATA_DIR may be a shared file system; a pid means something on one host only) and port.
 */
function instanceName(config: InstanceConfig): string {
  if (!config.databaseUrl) return 'gateway';
  const host = hostname().replace(/[^A-Za-z0-9.-]/g, '_');
  return `gateway-${host}-${config.port}`;
}

/** DATA_DIR/gateway.pid (per instance on PostgreSQL): the process a `cyrene start` runs the gateway in. */
export const pidFileOf = (config: InstanceConfig) => path.join(config.dataDir, `${instanceName(config)}.pid`);

/** DATA_DIR/logs/gateway.log (per instance on PostgreSQL): where `start --daemon` writes and `logs` reads. */
export const logFileOf = (config: InstanceConfig) =>
  path.join(config.dataDir, 'logs', `${instanceName(config)}.log`);

/**
 * Whether a service manager runs this process (systemd sets INVOCATION_ID for every unit): it
 * knows the pid and keeps one instance per unit, so no pid file is written or checked.
 */
export const underSupervisor = (env: NodeJS.ProcessEnv = process.env) => Boolean(env.INVOCATION_ID);

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether `pid` is a gateway started by this CLI. A pid file left by a crash may name a
 * number the system has since given to an unrelated process: where /proc tells (Linux), that
 * process must be running the cyrene launcher, so `stop` never signals a stranger.
 */
function looksLikeGateway(pid: number): boolean {
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync('/proc/self/cmdline')) return true;
  try {
    return readFileSync(cmdline, 'utf8').includes('cyrene');
  } catch {
    return false;
  }
}

/** The running gateway's pid, or undefined (no pid file, or a stale one, which is removed). */
export function runningPid(config: InstanceConfig): number | undefined {
  const file = pidFileOf(config);
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
  const pid = Number(text);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && looksLikeGateway(pid)) return pid;
  rmSync(file, { force: true });
  return undefined;
}

/** Records this process as the running gateway; the file is removed when it exits. */
export function writePidFile(config: InstanceConfig): void {
  mkdirSync(config.dataDir, { recursive: true });
  const file = pidFileOf(config);
  writeFileSync(file, `${process.pid}\n`, { mode: 0o644 });
  process.on('exit', () => {
    // Only our own: a second start that failed must not remove the running one's file.
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  });
}
