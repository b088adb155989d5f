import type { RequestHandler } from 'express';

/**
 * Apps on other origins (web consoles, mobile web views) call the API with a bearer token,
 * never cookies, so any origin may; preflights are answered here, before routing.
 */
export const cors: RequestHandler = (req, res, next) => {
  const origin = req.header('origin');
  if (!origin) return next();
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  res.setHeader('access-control-expose-headers', 'x-request-id, retry-after, content-disposition, etag');
  if (req.method !== 'OPTIONS') return next();
  res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
  res.setHeader(
    'access-control-allow-headers',
    req.header('access-control-request-headers') ?? 'authorization, content-type, x-webhook-key',
  );
  res.setHeader('access-control-max-age', '600');
  res.status(204).end();
};
