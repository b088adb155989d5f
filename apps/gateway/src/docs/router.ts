import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';

/** docs/ at the repository root, from apps/gateway/src/docs/. */
const REPO_DOCS_DIR = fileURLToPath(new URL('../../../../docs/', import.meta.url));

/** swagger-ui-dist's files (its package has no `exports`, so its package.json resolves). */
const SWAGGER_UI_DIR = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

export const OPENAPI_URL = '/api/v1/openapi.json';
export const ASYNCAPI_URL = '/api/v1/asyncapi.json';

/** The reference page: every asset is served from /docs/, nothing from the network. */
const INDEX_HTML = `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Cyrene Gateway API</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css" />
    <link rel="stylesheet" href="/docs/index.css" />
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <p class="language-note" lang="en">
      Summaries and field descriptions are in English; each operation&rsquo;s description begins with
      the spec&rsquo;s Chinese heading, and error messages (<code>error</code>, <code>hint</code>) are the
      spec&rsquo;s Chinese text &mdash; branch on <code>errorType</code>. 摘要为英文，描述开头保留规范的中文标题，错误信息为规范原文。
      The WebSocket is described in AsyncAPI at <code>/api/v1/asyncapi.json</code>.
    </p>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/swagger-initializer.js"></script>
  </body>
</html>
`;

/** Replaces swagger-ui-dist's own initializer, which points at a demo API on the internet. */
const INITIALIZER_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '${OPENAPI_URL}',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

export interface DocsRouterOptions {
  /** Where openapi.json and asyncapi.json are; default: docs/ of the repository. */
  docsDir?: string;
}

/**
 * GET /api/v1/openapi.json and /api/v1/asyncapi.json (the committed files, read once) and
 * the reference page at /docs, which works with no internet access.
 */
export function createDocsRouter(options: DocsRouterOptions = {}): express.Router {
  const docsDir = options.docsDir ?? REPO_DOCS_DIR;
  const cache = new Map<string, Promise<Buffer>>();
  const serveDocument =
    (file: string): express.RequestHandler =>
    (_req, res, next) => {
      let content = cache.get(file);
      if (!content) {
        content = readFile(path.join(docsDir, file));
        cache.set(file, content);
        // A missing file is read again next time (e.g. after `npm run openapi`).
        content.catch(() => cache.delete(file));
      }
      content.then((body) => res.type('application/json').send(body), next);
    };

  const router = express.Router();
  router.get(OPENAPI_URL, serveDocument('openapi.json'));
  router.get(ASYNCAPI_URL, serveDocument('asyncapi.json'));
  router.get(['/docs', '/docs/index.html'], (_req, res) => {
    res.type('html').send(INDEX_HTML);
  });
  router.get('/docs/swagger-initializer.js', (_req, res) => {
    res.type('text/javascript').send(INITIALIZER_JS);
  });
  router.use('/docs', express.static(SWAGGER_UI_DIR, { index: false, fallthrough: true }));
  return router;
}
