import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import express, { type RequestHandler } from 'express';
import type { Logger } from '../logging/logger';
import type { GatewayMetrics } from '../observability/metrics';
import { ApiError } from './api-error';
import { bearerToken } from './auth-guard';
import { errorMiddleware, notFound } from './error-middleware';

export const METRICS_PATH = '/metrics';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** `GET /metrics`: the Prometheus text format, for `Authorization: Bearer <METRICS_TOKEN>` only. */
export function metricsHandler(metrics: GatewayMetrics, token: string): RequestHandler {
  const expected = digest(token);
  return (req, res, next) => {
    const given = bearerToken(req);
    // Compared as digests: equal length, constant time.
    if (!given || !timingSafeEqual(digest(given), expected)) {
      next(
        new ApiError('unauthorized', '指标接口需要 METRICS_TOKEN', 'Authorization: Bearer <METRICS_TOKEN>'),
      );
      return;
    }
    metrics
      .scrape()
      .then((text) => res.setHeader('content-type', metrics.registry.contentType).end(text))
      .catch(next);
  };
}

/** METRICS_PORT: /metrics on a listener of its own (e.g. reachable only from the monitoring network). */
export async function listenMetrics(
  metrics: GatewayMetrics,
  options: { token: string; port: number; host: string; log: Logger },
): Promise<Server> {
  const app = express();
  app.disable('x-powered-by');
  app.get(METRICS_PATH, metricsHandler(metrics, options.token));
  app.use(notFound);
  app.use(errorMiddleware(options.log));
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}
