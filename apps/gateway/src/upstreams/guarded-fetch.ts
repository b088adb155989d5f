import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent, fetch, type Response } from 'undici';
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
  // Local-use NAT64 (RFC 8215): translated by the operator's own gateway.
  ['64:ff9b:1::', 48],
] as const) {
  privateRanges.addSubnet(net, prefix, 'ipv6');
}

/**
 * The 16 bytes of an IPv6 address in any spelling (`::7f00:1`, `::ffff:127.0.0.1`, a zone id),
 * or undefined when it is not one.
 */
function ipv6Bytes(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, '');
  if (isIP(text) !== 6) return undefined;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const first = groups(head);
  const last = tail === undefined ? [] : groups(tail);
  const all = [...first, ...Array<number>(8 - first.length - last.length).fill(0), ...last];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

/**
 * The IPv4 address an IPv6 one stands for, where a host, a translator or a tunnel would take it
 * there: IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`, SIIT `::ffff:0:a.b.c.d`,
 * NAT64 `64:ff9b::a.b.c.d` and 6to4 `2002:AABB:CCDD::`. Each may be spelled in hex too.
 */
function embeddedIPv4(b: number[]): string | undefined {
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const at = (i: number) => b.slice(i, i + 4).join('.');
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return at(12);
  if (zero(0, 12)) return at(12);
  if (zero(0, 8) && b[8] === 0xff && b[9] === 0xff && zero(10, 12)) return at(12);
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return at(12);
  if (b[0] === 0x20 && b[1] === 0x02) return at(2);
  return undefined;
}

/** Whether an address is one a user's URL must not reach; anything that is not an address counts as private. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address.replace(/%.*$/, ''));
  if (family === 4) return privateRanges.check(address, 'ipv4');
  const bytes = family === 6 ? ipv6Bytes(address) : undefined;
  if (!bytes) return true;
  const v4 = embeddedIPv4(bytes);
  if (v4 !== undefined) return privateRanges.check(v4, 'ipv4');
  const canonical = Array.from({ length: 8 }, (_, i) =>
    (((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0)).toString(16),
  ).join(':');
  return privateRanges.check(canonical, 'ipv6');
}

/** Answers a host name with its addresses (the system's resolver; tests give their own). */
export type Resolver = (hostname: string) => Promise<string[]>;

const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

const refusedHost = (host: string) =>
  new ApiError('forbidden', `不允许访问内网地址: ${host}`, '出于安全原因,本地和内网地址默认被拒绝');

/**
 * The `lookup` of every connection the guarded fetch opens: the name is resolved once, every
 * answer checked, and the connection made to an address that was checked. Resolving again
 * later (as `fetch` would) could be answered differently: DNS rebinding to loopback or the cloud
 * metadata address.
 */
function checkedLookup(resolve: Resolver, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    const answer = callback as (
      err: Error | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void;
    resolve(hostname)
      .then((found) => {
        const addresses = found.filter((a) => isIP(a) !== 0);
        if (addresses.length === 0) throw new ApiError('upstream_error', `无法解析域名: ${hostname}`);
        if (!allowPrivate && addresses.some(isPrivateAddress)) throw refusedHost(hostname);
        if (options.all)
          answer(
            null,
            addresses.map((address) => ({ address, family: isIP(address) })),
          );
        else answer(null, addresses[0] ?? '', isIP(addresses[0] ?? ''));
      })
      .catch((e: unknown) => answer(e instanceof Error ? e : new Error(String(e)), ''));
  };
}

/** Connections through the checked lookup; the two shared ones keep their connections alive between calls. */
const agentFor = (resolve: Resolver, allowPrivate: boolean) =>
  new Agent({ connect: { lookup: checkedLookup(resolve, allowPrivate) } });
const sharedAgents = { private: agentFor(systemResolver, true), public: agentFor(systemResolver, false) };

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
  /** How host names are resolved (default: the system's resolver); tests answer what they need. */
  resolver?: Resolver;
}

export interface GuardedResponse {
  status: number;
  headers: Headers;
  url: string;
  body: Buffer;
  text(): string;
}

/**
 * What can be refused before connecting: another scheme, or an address literal in private
 * space (a connection to a literal asks no lookup). Host names are checked as they are resolved,
 * by checkedLookup.
 */
function checkTarget(url: URL, allowPrivate: boolean): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ApiError('validation_failed', `不支持的 URL 协议: ${url.protocol}`, '仅支持 http 和 https');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (allowPrivate) return;
  if (isIP(host) && isPrivateAddress(host)) throw refusedHost(url.hostname);
  // `localhost` and its subdomains are loopback whatever a resolver says (RFC 6761).
  if (host === 'localhost' || host.endsWith('.localhost')) throw refusedHost(url.hostname);
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
 * addresses refused unless allowed (checked on the very address each connection is made to,
 * every redirect included), a timeout and a size cap.
 */
export async function guardedFetch(
  input: string,
  options: GuardedFetchOptions = {},
): Promise<GuardedResponse> {
  const { timeoutMs = 10_000, maxBytes = 5 * 1024 * 1024, maxRedirects = 5, allowPrivate = false } = options;
  const signal = AbortSignal.timeout(timeoutMs);
  let url = new URL(input);
  const origin = url.origin;
  const own = options.resolver ? agentFor(options.resolver, allowPrivate) : undefined;
  const dispatcher = own ?? (allowPrivate ? sharedAgents.private : sharedAgents.public);
  try {
    for (let hop = 0; ; hop++) {
      checkTarget(url, allowPrivate);
      const res = await fetch(url, {
        method: options.method ?? 'GET',
        headers: options.headers,
        body: options.body,
        redirect: 'manual',
        signal,
        dispatcher,
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
    // A refusal of checkedLookup arrives as the cause of fetch's "fetch failed".
    if (e instanceof Error && e.cause instanceof ApiError) throw e.cause;
    const reason = signal.aborted ? `请求超时 (${timeoutMs} ms)` : e instanceof Error ? e.message : String(e);
    throw new ApiError('upstream_error', `无法访问 ${url.origin}: ${reason}`);
  } finally {
    void own?.close();
  }
}
