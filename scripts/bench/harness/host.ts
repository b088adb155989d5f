import { type ChildProcess, spawn } from 'node:child_process';

/*
 * The parent's side of a measured server: each server (gateway or baseline) runs in a child
 * process of its own (`node --expose-gc --import tsx <script>`), so neither the load generator
 * nor another server shares its event loop or its memory. The child speaks the protocol of
 * ./serve.ts over IPC: it sends `{url}` once listening, answers `'rss'` with its resident set
 * after garbage collection has settled, and exits on `'stop'` (or when the parent goes away).
 */

const START_TIMEOUT_MS = 120_000;
const ANSWER_TIMEOUT_MS = 60_000;

export interface Host {
  url: string;
  pid: number;
  /** The child's resident set in bytes, sampled after its garbage collection settled. */
  settledRss(): Promise<number>;
  stop(): Promise<void>;
}

export interface HostOptions {
  /** Environment added to the parent's. */
  env?: Record<string, string | undefined>;
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
  /** Raise the child's open-file limit to the hard limit (for many sockets). */
  manyFiles?: boolean;
}

function answer<T>(child: ChildProcess, what: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${what}: the process exited (${code})`));
    };
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      reject(new Error(`${what}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('message', (m) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(m as T);
    });
    child.once('exit', onExit);
  });
}

export async function startHost(script: string, args: string[], options: HostOptions = {}): Promise<Host> {
  const node = [
    process.execPath,
    '--expose-gc',
    ...(options.nodeFlags ?? []),
    '--import',
    'tsx',
    script,
    ...args,
  ];
  const quoted = node.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
  const command = options.manyFiles
    ? `ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec ${quoted}`
    : `exec ${quoted}`;
  const child = spawn('bash', ['-c', command], {
    env: { ...process.env, ...options.env },
    // stdout is where the gateway logs (at info, as deployed): discarded, as a log shipper would take it.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const { url } = await answer<{ url: string }>(child, `${script} ${args.join(' ')}`, START_TIMEOUT_MS);
  return {
    url,
    pid: child.pid ?? 0,
    settledRss: async () => {
      const reply = answer<{ rss: number }>(child, 'rss', ANSWER_TIMEOUT_MS);
      child.send('rss');
      return (await reply).rss;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send('stop');
      }),
  };
}
