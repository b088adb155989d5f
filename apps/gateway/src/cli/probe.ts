import { API_PREFIX, HealthSchema, ReadinessSchema } from '@cyrene/contracts';
import type { Config } from '../config/config';

/** What a running gateway says about itself over HTTP. */
export interface Probe {
  url: string;
  /** undefined: nothing answered (with `error` saying why). */
  health?: { wsConnections: number };
  /** The readiness check: the database answered (and which engine it is), or why not. */
  ready?: { ok: true; database: string } | { ok: false; reason: string };
  error?: string;
}

/** The URL this machine reaches the gateway at: a wildcard listen address means loopback. */
export function localUrl(config: Pick<Config, 'host' | 'port'>): string {
  const host = ['0.0.0.0', '::', ''].includes(config.host) ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

async function getJson(url: string, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

const reasonOf = (e: unknown): string => {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (e instanceof Error && e.name === 'TimeoutError') return 'no answer (timed out)';
  return cause?.message ?? (e instanceof Error ? e.message : String(e));
};

/** Asks GET /api/v1/health and /api/v1/health/ready; never throws. */
export async function probeGateway(config: Pick<Config, 'host' | 'port'>, timeoutMs = 3_000): Promise<Probe> {
  const url = localUrl(config);
  try {
    const health = await getJson(`${url}${API_PREFIX}/health`, timeoutMs);
    const parsed = HealthSchema.safeParse(health.body);
    if (health.status !== 200 || !parsed.success) {
      return { url, error: `${url} answered, but not as a Cyrene Gateway (HTTP ${health.status})` };
    }
    const probe: Probe = { url, health: { wsConnections: parsed.data.ws_connections } };
    const ready = await getJson(`${url}${API_PREFIX}/health/ready`, timeoutMs);
    const readiness = ReadinessSchema.safeParse(ready.body);
    probe.ready = readiness.success
      ? { ok: true, database: readiness.data.database }
      : {
          ok: false,
          reason: `HTTP ${ready.status}${typeof ready.body === 'object' && ready.body && 'error' in ready.body ? `: ${String(ready.body.error)}` : ''}`,
        };
    return probe;
  } catch (e) {
    return { url, error: reasonOf(e) };
  }
}
