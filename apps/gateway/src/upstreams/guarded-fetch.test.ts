import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error';
import { guardedFetch, isPrivateAddress } from './guarded-fetch';

describe('guardedFetch', () => {
  let server: Server;
  let base: string;
  let port: number;
  /** Requests the loopback server received: a refused fetch must not have reached it. */
  let served = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      served++;
      if (req.url === '/hop') return res.writeHead(302, { location: '/ok' }).end();
      if (req.url === '/away') return res.writeHead(302, { location: 'http://localhost:1/elsewhere' }).end();
      if (req.url === '/big') return res.end('x'.repeat(2048));
      // Never answers (afterAll cuts it): only the fetch's own timeout can end the wait.
      if (req.url === '/slow') return;
      res.end('hello');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );

  it('knows private and public addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      '::ffff:127.0.0.1',
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.216.34', '1.1.1.1', '2606:4700::1111'])
      expect(isPrivateAddress(a), a).toBe(false);
  });

  it('knows the IPv6 spellings that reach private IPv4 space', () => {
    for (const a of [
      '::ffff:7f00:1', // IPv4-mapped, in hex
      '::127.0.0.1', // IPv4-compatible
      '::7f00:1',
      '::a9fe:a9fe', // 169.254.169.254, the cloud metadata address
      '::ffff:0:127.0.0.1', // SIIT
      '::ffff:0:a00:1', // 10.0.0.1
      '64:ff9b::127.0.0.1', // NAT64
      '64:ff9b::a9fe:a9fe',
      '64:ff9b::c0a8:101', // 192.168.1.1
      '64:ff9b:1::808:808', // local-use NAT64, whatever it carries
      '2002:7f00:1::', // 6to4 of 127.0.0.1
      '2002:a9fe:a9fe::1',
      '2002:c0a8:0101:1::1', // 6to4 of 192.168.1.1
      'fe80::1%eth0',
      'not-an-address',
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    // The same forms carrying a public IPv4 address are public.
    for (const a of ['::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1', '::ffff:0:808:808'])
      expect(isPrivateAddress(a), a).toBe(false);
  });

  it('refuses those spellings in a URL, and names that resolve to them, without a connection attempt', async () => {
    const before = served;
    for (const literal of ['[::ffff:7f00:1]', '[::127.0.0.1]', '[64:ff9b::7f00:1]', '[2002:7f00:1::]']) {
      await expect(guardedFetch(`http://${literal}:${port}/`), literal).rejects.toMatchObject({
        errorType: 'forbidden',
      });
    }
    for (const answer of [
      '::ffff:127.0.0.1',
      '::ffff:0:127.0.0.1',
      '64:ff9b::a9fe:a9fe',
      '2002:7f00:1::',
      '127.0.0.1',
    ]) {
      const asked: string[] = [];
      const resolver = async (host: string) => {
        asked.push(host);
        return [answer];
      };
      await expect(guardedFetch(`http://evil.test:${port}/`, { resolver }), answer).rejects.toMatchObject({
        errorType: 'forbidden',
        message: '不允许访问内网地址: evil.test',
      });
      expect(asked).toEqual(['evil.test']);
    }
    // Any private answer among several refuses the name.
    const mixed = async () => ['93.184.216.34', '10.0.0.1'];
    await expect(guardedFetch(`http://mixed.test:${port}/`, { resolver: mixed })).rejects.toMatchObject({
      errorType: 'forbidden',
    });
    expect(served).toBe(before);
  });

  it('connects to the address it checked: a resolver answering public, then loopback, never reaches loopback', async () => {
    const before = served;
    const answers = [['203.0.113.10'], ['127.0.0.1']];
    let asked = 0;
    const resolver = async () => answers[Math.min(asked++, 1)] ?? [];
    // 203.0.113.10 (TEST-NET-3) does not answer: the fetch fails on the checked address
    // instead of asking again and reaching the loopback server.
    await expect(
      guardedFetch(`http://rebind.test:${port}/`, { resolver, timeoutMs: 1_000 }),
    ).rejects.toMatchObject({ errorType: 'upstream_error' });
    expect(asked).toBe(1);
    expect(served).toBe(before);
  });

  it('resolves names through the check: localhost is refused unless allowed', async () => {
    await expect(guardedFetch(`http://localhost:${port}/`)).rejects.toMatchObject({ errorType: 'forbidden' });
    const loopback = async () => ['127.0.0.1'];
    const res = await guardedFetch(`http://named.test:${port}/hop`, {
      allowPrivate: true,
      resolver: loopback,
    });
    expect(res.text()).toBe('hello');
  });

  it('refuses loopback unless allowed', async () => {
    await expect(guardedFetch(`${base}/`)).rejects.toMatchObject({ errorType: 'forbidden' });
    expect((await guardedFetch(`${base}/`, { allowPrivate: true })).text()).toBe('hello');
  });

  it('refuses other schemes', async () => {
    await expect(guardedFetch('file:///etc/passwd')).rejects.toBeInstanceOf(ApiError);
  });

  it('follows redirects, re-checking each, and can keep to one origin', async () => {
    const res = await guardedFetch(`${base}/hop`, { allowPrivate: true });
    expect(res.text()).toBe('hello');
    expect(res.url).toBe(`${base}/ok`);
    await expect(guardedFetch(`${base}/away`, { allowPrivate: true, sameOriginOnly: true })).rejects.toThrow(
      /跨域/,
    );
  });

  it('caps the size and the time', async () => {
    await expect(guardedFetch(`${base}/big`, { allowPrivate: true, maxBytes: 1024 })).rejects.toThrow(
      /响应过大/,
    );
    await expect(guardedFetch(`${base}/slow`, { allowPrivate: true, timeoutMs: 100 })).rejects.toThrow(
      /超时/,
    );
  });
});
