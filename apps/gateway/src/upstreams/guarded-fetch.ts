import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { ApiError } from '../http/api-error';

/** Loopback, private, link-local, CGNAT, multicast and reserved ranges: never reached for a user's URL. */
const privateRanges = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  privateRanges.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  privateRanges.addSubnet(net, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return privateRanges.check(mapped, 'ipv4');
  const family = isIP(address);
  return family === 0 ? true : privateRanges.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

export interface GuardedFetchOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Whole-request timeout. */
  timeoutMs?: number;
  /** Largest response body read, in bytes. */
  maxBytes?: number;
  maxRedirects?: number;
  /** Allow loopback and private networks (an operator's choice, e.g. a local model server). */
  allowPrivate?: boolean;
  /** Every redirect target must stay on the first URL's origin (a key must never travel elsewhere). */
  sameOriginOnly?: boolean;
}

export interface GuardedResponse {
  status: number;
  headers: Headers;
  url: string;
  body: Buffer;
  text(): string;
}

async function checkTarget(url: URL, allowPrivate: boolean): Promise<void> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ApiError('validation_failed', `不支持的 URL 协议: ${url.protocol}`, '仅支持 http 和 https');
  }
  if (allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  if (addresses.length === 0 || addresses.some(isPrivateAddress)) {
    throw new ApiError(
      'forbidden',
      `不允许访问内网地址: ${url.hostname}`,
      '出于安全原因,本地和内网地址默认被拒绝',
    );
  }
}

async function readCapped(res: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new ApiError('upstream_error', `响应过大 (超过 ${maxBytes} 字节)`);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ApiError('upstream_error', `响应过大 (超过 ${maxBytes} 字节)`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/**
 * The one outbound client for URLs a user or an admin supplies: http(s) only, private
 * addresses refused unless allowed, every redirect re-checked, a timeout and a size cap.
 */
export async function guardedFetch(
  input: string,
  options: GuardedFetchOptions = {},
): Promise<GuardedResponse> {
  const { timeoutMs = 10_000, maxBytes = 5 * 1024 * 1024, maxRedirects = 5, allowPrivate = false } = options;
  const signal = AbortSignal.timeout(timeoutMs);
  let url = new URL(input);
  const origin = url.origin;
  try {
    for (let hop = 0; ; hop++) {
      await checkTarget(url, allowPrivate);
      const res = await fetch(url, {
        method: options.method ?? 'GET',
        headers: options.headers,
        body: options.body,
        redirect: 'manual',
        signal,
      });
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        if (hop >= maxRedirects) throw new ApiError('upstream_error', '重定向次数过多');
        url = new URL(location, url);
        if (options.sameOriginOnly && url.origin !== origin) {
          throw new ApiError('upstream_error', `拒绝跟随跨域重定向: ${url.origin}`);
        }
        continue;
      }
      const body = await readCapped(res, maxBytes);
      return {
        status: res.status,
        headers: res.headers,
        url: url.toString(),
        body,
        text: () => body.toString('utf8'),
      };
    }
  } catch (e) {
    if (e instanceof ApiError) throw e;
    const reason = signal.aborted ? `请求超时 (${timeoutMs} ms)` : e instanceof Error ? e.message : String(e);
    throw new ApiError('upstream_error', `无法访问 ${url.origin}: ${reason}`);
  }
}
