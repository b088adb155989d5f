import path from 'node:path';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import express from 'express';

/** apps/console/dist, from apps/gateway/src/console/. */
const CHECKOUT_CONSOLE_DIR = fileURLToPath(new URL('../../../console/dist/', import.meta.url));

/** Paths that are never the console's, so an unknown API path still gets the API's JSON 404. */
const NOT_CONSOLE = /^\/(api|ws|docs|trpc)(\/|$)/;

/**
 * The console's pages may load only what the gateway serves: scripts, styles and fonts from here,
 * images and audio from here or from blobs the page made itself, and the API over HTTP and WebSocket.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cyrene Gateway</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>Cyrene Gateway</h1>
<p>The web console is not built. <code>npm start</code> builds it; <code>npm run build</code> does it by hand.</p>
<p>The API is at <code>/api/v1</code>; its reference is at <a href="/docs">/docs</a>.</p>
</body></html>
`;

export interface ConsoleRouterOptions {
  /** The console's built files; default: apps/console/dist of this checkout. */
  dir?: string;
}

/**
 * The web console at `/`: its hashed assets cached for good, and `index.html` (never cached) for
 * every other page address, so a reload on /chat/session_… opens that page.
 */
export function createConsoleRouter(options: ConsoleRouterOptions = {}): express.Router {
  const dir = options.dir ?? CHECKOUT_CONSOLE_DIR;
  const indexHtml = path.join(dir, 'index.html');
  const router = express.Router();
  // The console's script is ~0.5 MB as built and a third of that compressed: worth it on a phone.
  // Only here: API responses stream (chat, files) and are left as they are.
  router.use(compression());
  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), {
      immutable: true,
      maxAge: '1y',
      index: false,
    }),
  );
  // A missing asset is a plain 404, never index.html served as a script.
  router.use('/assets', (_req, res) => {
    res.status(404).end();
  });
  router.get('*', (req, res, next) => {
    if (NOT_CONSOLE.test(req.path) || !req.accepts('html')) return next();
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexHtml, (error) => {
      if (!error || res.headersSent) return;
      res.status(404).type('html').send(NOT_BUILT_HTML);
    });
  });
  return router;
}
