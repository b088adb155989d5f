import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from '../bench/types';

/*
 * §6 files on an S3-compatible bucket (s3rver, in its own process): a 20 MB upload through
 * POST /files/upload and its download through GET /files/:id/download, against the same transfer
 * done directly with the AWS SDK (lib-storage Upload, GetObject) to the same server, each side in
 * its own process so its RSS is its own. Kept apart from scripts/bench (its harness is being
 * reworked); `npx tsx scripts/bench-s3/files-s3.ts` prints the figures, `run()` returns them.
 */

const HOST = fileURLToPath(new URL('./host.ts', import.meta.url));
const RUNS = 9;
const BYTES = 20 * 1024 * 1024;
const MB = 1024 * 1024;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places;
const throughput = (ms: number) => round(BYTES / MB / (ms / 1000));

interface Host {
  url: string;
  child: ChildProcess;
}

async function startHost(args: string[]): Promise<Host> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOST, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} host did not start in 60 s`)), 60_000);
    lines.on('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { url: string }).url);
    });
    child.on('exit', (code) => reject(new Error(`${args[0]} host exited with ${code}`)));
  });
  return { url, child };
}

/** The process's resident set, in bytes (Linux). */
function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) * 1024;
}

/** Runs `work` while sampling `pid`'s RSS; the time and how far RSS rose above where it started. */
async function measured(pid: number, work: () => Promise<unknown>) {
  const before = rssOf(pid);
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 2);
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  clearInterval(sampler);
  return { ms, growth: Math.max(peak, rssOf(pid)) - before };
}

/** Streams `file` as the `file` part of a multipart POST; resolves with the answer's body. */
function postFile(url: string, token: string, file: string): Promise<string> {
  const boundary = `----cyrene-bench-${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.mp3"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': head.length + BYTES + tail.length,
      },
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () =>
        res.statusCode === 201 ? resolve(body) : reject(new Error(`upload: ${res.statusCode} ${body}`)),
      );
    });
    req.on('error', reject);
    req.write(head);
    const source = createReadStream(file);
    source.pipe(req, { end: false });
    source.on('end', () => req.end(tail));
    source.on('error', reject);
  });
}

/** A request whose body is read to its end and dropped. */
async function drained(url: string, init: RequestInit): Promise<void> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  const reader = res.body?.getReader();
  while (reader && !(await reader.read()).done) {
    // dropped
  }
}

async function register(gateway: string): Promise<string> {
  const res = await fetch(`${gateway}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: 'bench',
      password: 'bench-password',
      email: 'bench@example.com',
      nickname: 'Bench',
      verify_code: '000000',
    }),
  });
  return ((await res.json()) as { token: string }).token;
}

export async function run(): Promise<BenchResult[]> {
  const work = await mkdtemp(path.join(tmpdir(), 'cyrene-bench-s3-'));
  const hosts: Host[] = [];
  try {
    const s3 = await startHost(['s3rver', path.join(work, 's3')]);
    hosts.push(s3);
    const gateway = await startHost(['gateway', path.join(work, 'gateway'), s3.url]);
    hosts.push(gateway);
    const direct = await startHost(['direct', s3.url]);
    hosts.push(direct);
    const token = await register(gateway.url);
    const auth = { authorization: `Bearer ${token}` };

    // An MP3-like body (ID3 header, then random bytes), new bytes every run: a new blob each time.
    const file = path.join(work, 'upload.mp3');
    const content = randomBytes(BYTES);
    content.write('ID3\x03\x00\x00\x00\x00\x00\x0a', 0, 'latin1');
    content.fill(0, 10, 20);
    content.set([0xff, 0xfb, 0x90, 0x00], 20);
    await writeFile(file, content);
    const handle = await open(file, 'r+');
    const renew = (n: number) => handle.write(Buffer.from(`${n}`.padStart(8, '0')), 0, 8, 1000);

    const viaGateway = async () => {
      const { id } = JSON.parse(await postFile(`${gateway.url}/api/v1/files/upload`, token, file)) as {
        id: string;
      };
      return id;
    };
    const viaSdk = (key: string) =>
      drained(`${direct.url}/put?file=${encodeURIComponent(file)}&key=${key}`, { method: 'POST' });

    // Warm-up: connections, JIT, the first allocation of buffers.
    await renew(0);
    await viaGateway();
    await viaSdk('warm');
    await drained(`${direct.url}/get?key=warm`, { method: 'POST' });

    const gwPid = gateway.child.pid ?? 0;
    const sdkPid = direct.child.pid ?? 0;
    const up = {
      gateway: [] as number[],
      sdk: [] as number[],
      gwGrowth: [] as number[],
      sdkGrowth: [] as number[],
    };
    const down = {
      gateway: [] as number[],
      sdk: [] as number[],
      gwGrowth: [] as number[],
      sdkGrowth: [] as number[],
    };
    for (let n = 1; n <= RUNS; n++) {
      await renew(n);
      let id = '';
      const g = await measured(gwPid, async () => {
        id = await viaGateway();
      });
      const d = await measured(sdkPid, () => viaSdk(`run-${n}`));
      up.gateway.push(g.ms);
      up.gwGrowth.push(g.growth);
      up.sdk.push(d.ms);
      up.sdkGrowth.push(d.growth);
      const gd = await measured(gwPid, () =>
        drained(`${gateway.url}/api/v1/files/${id}/download`, { headers: auth }),
      );
      const dd = await measured(sdkPid, () => drained(`${direct.url}/get?key=run-${n}`, { method: 'POST' }));
      down.gateway.push(gd.ms);
      down.gwGrowth.push(gd.growth);
      down.sdk.push(dd.ms);
      down.sdkGrowth.push(dd.growth);
    }
    await handle.close();

    const figures = (label: string, m: typeof up): BenchResult[] => {
      const gw = throughput(median(m.gateway));
      const base = throughput(median(m.sdk));
      return [
        {
          name: `files on S3: 20 MB ${label} throughput`,
          value: gw,
          unit: 'MB/s',
          baseline: base,
          // Each run's two transfers back to back, the median of their ratios: steadier than a ratio of
          // medians on a machine whose load changes from one second to the next.
          ratio: median(m.gateway.map((ms, i) => (m.sdk[i] ?? 0) / ms)),
          goal: '≥ 0.8×',
        },
        {
          name: `files on S3: 20 MB ${label}, RSS growth (max)`,
          value: round(Math.max(...m.gwGrowth) / MB, 2),
          unit: 'MB',
          baseline: round(Math.max(...m.sdkGrowth) / MB, 2),
          goal: '≤ 8 MB',
        },
      ];
    };
    return [...figures('upload', up), ...figures('download', down)];
  } finally {
    for (const host of hosts) host.child.kill('SIGTERM');
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await run()) {
    const base = r.baseline === undefined ? '' : `  baseline ${r.baseline} ${r.unit}`;
    const ratio = r.ratio === undefined ? '' : `  ratio ${r.ratio.toFixed(2)}×`;
    console.log(
      `${r.name.padEnd(48)} ${String(r.value).padStart(8)} ${r.unit}${base}${ratio}  (goal ${r.goal})`,
    );
  }
  process.exit(0);
}
