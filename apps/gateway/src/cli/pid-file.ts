import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** DATA_DIR/gateway.pid: the process a `cyrene start` runs the gateway in. */
export const pidFileOf = (dataDir: string) => path.join(dataDir, 'gateway.pid');

/** DATA_DIR/logs/gateway.log: where `start --daemon` writes and `logs` reads. */
export const logFileOf = (dataDir: string) => path.join(dataDir, 'logs', 'gateway.log');

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
export function runningPid(dataDir: string): number | undefined {
  const file = pidFileOf(dataDir);
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
export function writePidFile(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  const file = pidFileOf(dataDir);
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
