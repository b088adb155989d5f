import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { BenchContext } from './harness/context';
import { profileFlags } from './harness/context';
import { type Host, startHost } from './harness/host';
import { isolatedStore, type Store } from './harness/isolation';
import { cpuMsOf, rssOf } from './harness/proc';
import type { BenchResult } from './types';

/*
 * §6 files, with the gateway and the baselines in their own processes (so memory is the
 * server's alone):
 * - thumbnail: a 12-megapixel JPEG (EXIF-rotated) → its 300×300 thumbnail through the gateway
 *   (HTTP, auth, metadata, render, stream; the cached thumbnail removed before each run), against
 *   the same sharp pipeline called bare on the same file;
 * - upload: a 20 MB file through POST /files/upload: the gateway's RSS growth while it streams,
 *   and its throughput against a bare node:http handler streaming the same body to disk with SHA-256.
 */

const HOST = fileURLToPath(new URL('./files-host.ts', import.meta.url));
let THUMB_RUNS = 10;
let UPLOAD_RUNS = 7;
const UPLOAD_BYTES = 20 * 1024 * 1024;
const MB = 1024 * 1024;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places;

/** Streams `file` as the `file` part of a multipart POST; resolves with the status, body and time. */
function postFile(url: string, token: string, file: string, size: number, filename: string) {
  const boundary = `----cyrene-bench-${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise<{ status: number; body: string; ms: number }>((resolve, reject) => {
    const started = performance.now();
    const req = request(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': head.length + size + tail.length,
      },
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.write(head);
    const source = createReadStream(file);
    source.pipe(req, { end: false });
    source.on('end', () => req.end(tail));
    source.on('error', reject);
  });
}

async function api<T>(url: string, token: string | undefined, method = 'GET', body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A photo-like 12 MP JPEG (4000×3000, smoothed noise, q90) stored with EXIF orientation 6. */
async function twelveMegapixelJpeg(): Promise<Buffer> {
  const noise = { type: 'gaussian', mean: 128, sigma: 60 } as const;
  return sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#808080', noise } })
    .blur(1.2)
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

async function thumbnails(
  gateway: Host,
  token: string,
  work: string,
  gwData: string,
): Promise<BenchResult[]> {
  const photo = path.join(work, 'photo.jpg');
  const bytes = await twelveMegapixelJpeg();
  await writeFile(photo, bytes);
  const up = JSON.parse(
    (await postFile(`${gateway.url}/api/v1/files/upload`, token, photo, bytes.length, 'photo.jpg')).body,
  ) as {
    id: string;
  };
  const { hash } = await api<{ hash: string }>(`${gateway.url}/api/v1/files/${up.id}`, token);
  const cached = path.join(gwData, 'blobs', hash.slice(0, 2), hash.slice(2, 4), `${hash}.thumb.jpg`);
  const thumbUrl = `${gateway.url}/api/v1/files/${up.id}/thumbnail`;

  const viaGateway = async () => {
    const started = performance.now();
    const res = await fetch(thumbUrl, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`thumbnail: ${res.status}`);
    return performance.now() - started;
  };
  // The same pipeline the gateway runs, minus everything around it.
  const bare = async () => {
    const started = performance.now();
    await sharp(photo, { limitInputPixels: 100_000_000, failOn: 'error', pages: 1 })
      .autoOrient()
      .resize(300, 300, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 80 })
      .toBuffer();
    return performance.now() - started;
  };

  await bare();
  await viaGateway();
  const gatewayCold: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < THUMB_RUNS; i++) {
    await rm(cached, { force: true });
    gatewayCold.push(await viaGateway());
    baseline.push(await bare());
  }
  const gatewayCached: number[] = [];
  for (let i = 0; i < THUMB_RUNS; i++) gatewayCached.push(await viaGateway());

  const cold = median(gatewayCold);
  const base = median(baseline);
  return [
    {
      name: 'files: 12 MP JPEG → thumbnail (rendered)',
      value: round(cold),
      unit: 'ms',
      baseline: round(base),
      ratio: cold / base,
      goal: '≤ 150 ms',
    },
    { name: 'files: 12 MP JPEG → thumbnail (cached)', value: round(median(gatewayCached)), unit: 'ms' },
  ];
}

async function uploads(gateway: Host, bare: Host, token: string, work: string): Promise<BenchResult[]> {
  // An MP3-like body (ID3 header, then random bytes): sniffed from its first bytes, as media is.
  const file = path.join(work, 'upload.mp3');
  const content = randomBytes(UPLOAD_BYTES);
  content.write('ID3\x03\x00\x00\x00\x00\x00\x0a', 0, 'latin1');
  content.fill(0, 10, 20);
  content.set([0xff, 0xfb, 0x90, 0x00], 20);
  await writeFile(file, content);
  const handle = await open(file, 'r+');
  const gatewayUrl = `${gateway.url}/api/v1/files/upload`;
  const gwPid = gateway.pid;

  const send = async (url: string, run: number) => {
    // New bytes every run: each upload stores a new blob.
    await handle.write(Buffer.from(`${run}`.padStart(8, '0')), 0, 8, 1000);
    const res = await postFile(url, token, file, UPLOAD_BYTES, 'bench.mp3');
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${res.body}`);
    return res.ms;
  };

  await send(gatewayUrl, 0);
  await send(`${bare.url}/upload`, 0);
  /** Runs one upload while sampling the server's RSS; returns the time, RSS growth and server CPU. */
  const measured = async (url: string, pid: number, run: number) => {
    const before = rssOf(pid);
    const cpuBefore = cpuMsOf(pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssOf(pid));
    }, 2);
    const ms = await send(url, run);
    clearInterval(sampler);
    return { ms, growth: Math.max(peak, rssOf(pid)) - before, cpu: cpuMsOf(pid) - cpuBefore };
  };
  const gatewayMs: number[] = [];
  const bareMs: number[] = [];
  const growth: number[] = [];
  const bareGrowth: number[] = [];
  const gatewayCpu: number[] = [];
  const bareCpu: number[] = [];
  for (let run = 1; run <= UPLOAD_RUNS; run++) {
    const viaGateway = await measured(gatewayUrl, gwPid, run);
    gatewayMs.push(viaGateway.ms);
    growth.push(viaGateway.growth);
    gatewayCpu.push(viaGateway.cpu);
    const viaBare = await measured(`${bare.url}/upload`, bare.pid, run);
    bareMs.push(viaBare.ms);
    bareGrowth.push(viaBare.growth);
    bareCpu.push(viaBare.cpu);
  }
  await handle.close();

  const throughput = (ms: number) => round(UPLOAD_BYTES / MB / (ms / 1000));
  const gw = throughput(median(gatewayMs));
  const base = throughput(median(bareMs));
  return [
    {
      name: 'files: 20 MB upload, gateway RSS growth (max)',
      value: round(Math.max(...growth) / MB, 2),
      unit: 'MB',
      baseline: round(Math.max(...bareGrowth) / MB, 2),
      goal: '≤ 5 MB',
    },
    {
      name: 'files: 20 MB upload throughput',
      value: gw,
      unit: 'MB/s',
      baseline: base,
      // Per pair of adjacent runs, the median: steadier than a ratio of medians on a shared machine.
      ratio: median(gatewayMs.map((ms, i) => (bareMs[i] ?? ms) / ms)),
      goal: '≥ 0.8×',
    },
    {
      // What the throughput costs the server, independent of how busy the machine is.
      name: 'files: 20 MB upload, server CPU time',
      value: median(gatewayCpu),
      unit: 'ms',
      baseline: median(bareCpu),
      ratio: median(gatewayCpu) / Math.max(1, median(bareCpu)),
    },
  ];
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  if (ctx.smoke) {
    THUMB_RUNS = 1;
    UPLOAD_RUNS = 1;
  }
  const work = await mkdtemp(path.join(tmpdir(), 'cyrene-bench-files-'));
  const stores: Store[] = [];
  const hosts: Host[] = [];
  try {
    const gwStore = await isolatedStore('files-gateway');
    stores.push(gwStore);
    const bareStore = await isolatedStore('files-bare');
    stores.push(bareStore);
    const gateway = await startHost(HOST, ['gateway'], {
      env: gwStore.env,
      nodeFlags: profileFlags(ctx),
    });
    hosts.push(gateway);
    const bare = await startHost(HOST, ['bare'], { env: bareStore.env });
    hosts.push(bare);
    const { token } = await api<{ token: string }>(`${gateway.url}/api/v1/auth/register`, undefined, 'POST', {
      username: 'bench',
      password: 'bench-password',
      email: 'bench@example.com',
      nickname: 'Bench',
      verify_code: '000000',
    });
    return [
      ...(await thumbnails(gateway, token, work, gwStore.dataDir)),
      ...(await uploads(gateway, bare, token, work)),
    ];
  } finally {
    for (const host of hosts) await host.stop();
    for (const store of stores) await store.drop();
    await rm(work, { recursive: true, force: true });
  }
}
