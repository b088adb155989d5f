import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';

const INDEX_HTML =
  '<!doctype html><div id="root"></div><script type="module" src="/assets/app-1a2b.js"></script>';

describe('the web console at /', () => {
  let dir: string;
  let gw: TestGateway;
  beforeAll(async () => {
    // A built console as Vite lays it out: index.html and hashed assets.
    dir = await mkdtemp(path.join(tmpdir(), 'cyrene-console-test-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), INDEX_HTML);
    await writeFile(path.join(dir, 'assets/app-1a2b.js'), 'console.log("console")');
    gw = await startTestGateway({ env: { CONSOLE_DIR: dir } });
  });
  afterAll(async () => {
    await gw?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html at / with a strict content security policy, never cached', async () => {
    const res = await call(gw.url, 'GET', '/', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.text).toBe(INDEX_HTML);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' ws: wss:");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('answers every page address with index.html, so a reload on a deep link works', async () => {
    for (const page of ['/chat', '/chat/session_abcdefabcdef', '/admin/routing', '/knowledge/x?y=1']) {
      const res = await call(gw.url, 'GET', page, { headers: { accept: 'text/html' } });
      expect(res.status, page).toBe(200);
      expect(res.text, page).toBe(INDEX_HTML);
    }
  });

  it('serves hashed assets cached for good, and a missing asset as a plain 404', async () => {
    const asset = await call(gw.url, 'GET', '/assets/app-1a2b.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toContain('javascript');
    const missing = await call(gw.url, 'GET', '/assets/gone-0000.js');
    expect(missing.status).toBe(404);
    expect(missing.text).toBe('');
  });

  it('compresses what it serves for a browser that accepts it, and only the console', async () => {
    const script = `console.log(${JSON.stringify('控制台'.repeat(2000))})`;
    await writeFile(path.join(dir, 'assets/big-3c4d.js'), script);
    const res = await fetch(`${gw.url}/assets/big-3c4d.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(await res.text()).toBe(script); // fetch undoes the gzip
    const api = await fetch(`${gw.url}/api/v1/health`, { headers: { 'accept-encoding': 'gzip' } });
    expect(api.headers.get('content-encoding')).toBeNull();
  });

  it('leaves the API, the WebSocket path, the docs and tRPC to themselves', async () => {
    const api = await call(gw.url, 'GET', '/api/v1/no/such/thing', { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(api.body).toMatchObject({ errorType: 'not_found' });
    const health = await call(gw.url, 'GET', '/api/v1/health');
    expect(health.body).toMatchObject({ status: 'ok' });
    const docs = await call(gw.url, 'GET', '/docs/', { headers: { accept: 'text/html' } });
    expect(docs.text).toContain('swagger-ui');
    for (const other of ['/ws/chat', '/trpc/nothing']) {
      const res = await call(gw.url, 'GET', other, { headers: { accept: 'text/html' } });
      expect(res.text, other).not.toBe(INDEX_HTML);
    }
  });

  it('does not answer a request that wants no HTML with the page', async () => {
    const res = await call(gw.url, 'GET', '/chat', { headers: { accept: 'application/json' } });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ errorType: 'not_found' });
  });
});

describe('the web console, not built', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { CONSOLE_DIR: path.join(tmpdir(), 'cyrene-no-console-here') } });
  });
  afterAll(() => gw?.close());

  it('says how to build it, and the API still works', async () => {
    const res = await call(gw.url, 'GET', '/', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(res.text).toContain('npm run build');
    expect(res.text).toContain('/docs');
    const health = await call(gw.url, 'GET', '/api/v1/health');
    expect(health.status).toBe(200);
  });
});
