import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocsRouter } from './router';

async function listen(app: express.Express): Promise<{ server: Server; base: string }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, base: `http://127.0.0.1:${port}` });
    });
  });
}

describe('createDocsRouter', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const app = express();
    app.use(createDocsRouter());
    ({ server, base } = await listen(app));
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('serves the committed OpenAPI and AsyncAPI documents', async () => {
    const openapi = await fetch(`${base}/api/v1/openapi.json`);
    expect(openapi.status).toBe(200);
    expect(openapi.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await openapi.json()).toMatchObject({ openapi: '3.1.0', info: { title: 'Cyrene Gateway API' } });
    const asyncapi = await fetch(`${base}/api/v1/asyncapi.json`);
    expect(await asyncapi.json()).toMatchObject({ asyncapi: '3.0.0' });
  });

  it('serves a reference page whose every asset is local and served', async () => {
    for (const page of ['/docs', '/docs/']) {
      const res = await fetch(`${base}${page}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).not.toMatch(/<script>|<script [^>]*>[^<\s]/); // no inline script
      const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
      expect(assets.length).toBeGreaterThanOrEqual(4);
      for (const asset of assets) {
        expect(asset, asset).toMatch(/^\/docs\/[\w.-]+$/);
        const served = await fetch(`${base}${asset}`);
        expect(served.status, asset).toBe(200);
        await served.arrayBuffer();
      }
    }
  });

  it('says on the page which language is used where', async () => {
    const html = await (await fetch(`${base}/docs`)).text();
    expect(html).toMatch(/class="language-note"/);
    expect(html).toContain('errorType');
    expect(html).toContain('/api/v1/asyncapi.json');
  });

  it('serves the bundle and an initializer pointing at our document, with no online validator', async () => {
    const bundle = await fetch(`${base}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
    const init = await (await fetch(`${base}/docs/swagger-initializer.js`)).text();
    expect(init).toContain("url: '/api/v1/openapi.json'");
    expect(init).toContain('validatorUrl: null');
    expect(init).not.toMatch(/https?:\/\//);
  });

  it('answers 500 when a document is missing', async () => {
    const app = express();
    app.use(createDocsRouter({ docsDir: '/nonexistent-cyrene-docs' }));
    const { server: other, base: otherBase } = await listen(app);
    try {
      expect((await fetch(`${otherBase}/api/v1/openapi.json`)).status).toBe(500);
    } finally {
      other.close();
    }
  });
});
