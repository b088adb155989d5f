import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error';
import { guardedFetch, isPrivateAddress } from './guarded-fetch';

describe('guardedFetch', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/hop') return res.writeHead(302, { location: '/ok' }).end();
      if (req.url === '/away') return res.writeHead(302, { location: 'http://localhost:1/elsewhere' }).end();
      if (req.url === '/big') return res.end('x'.repeat(2048));
      // Never answers (afterAll cuts it): only the fetch's own timeout can end the wait.
      if (req.url === '/slow') return;
      res.end('hello');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
