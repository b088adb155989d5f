import type { RequestHandler } from 'express';
import type { Clock } from '../clock/clock';
import { routeOf } from './http';

/** How far back "recent" reaches. */
const WINDOW_MS = 60 * 60 * 1000;

export interface RouteErrorCount {
  method: string;
  route: string;
  status: number;
  count: number;
  lastAt: number;
}

/**
 * Error answers (status ≥ 400) of this instance by method, route template and status, for the
 * admin's system view. Keys are bounded like the metric labels (templates, not URLs), so the
 * map stays small; entries idle for an hour are dropped when read.
 */
export class RecentErrors {
  private readonly counts = new Map<string, RouteErrorCount>();

  constructor(private readonly clock: Clock) {}

  record(method: string, route: string, status: number): void {
    const key = `${method} ${route} ${status}`;
    const now = this.clock.now().getTime();
    const entry = this.counts.get(key);
    // A burst long ago does not add to today's count.
    if (entry && now - entry.lastAt <= WINDOW_MS) {
      entry.count += 1;
      entry.lastAt = now;
    } else this.counts.set(key, { method, route, status, count: 1, lastAt: now });
  }

  /** Within the last hour, latest first. */
  list(): RouteErrorCount[] {
    const since = this.clock.now().getTime() - WINDOW_MS;
    for (const [key, entry] of this.counts) if (entry.lastAt < since) this.counts.delete(key);
    return [...this.counts.values()].sort((a, b) => b.lastAt - a.lastAt).map((e) => ({ ...e }));
  }

  /** Records every answer of status 400 or more. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      res.once('finish', () => {
        if (res.statusCode >= 400) this.record(req.method, routeOf(req), res.statusCode);
      });
      next();
    };
  }
}
