import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from './harness/context';
import { profileFlags } from './harness/context';
import { type Host, startHost } from './harness/host';
import { type Compared, compareEachWith, type Side } from './harness/http-load';
import { engine, isolatedStore, type Store } from './harness/isolation';
import { registerBenchUser } from './profile-user';
import type { BenchResult } from './types';

/*
 * Issue 23's "cheap": the profile benchmark's request (authenticated GET /api/v1/profile) against
 * a gateway with metrics and tracing on (METRICS_TOKEN, OTEL_EXPORTER_OTLP_ENDPOINT to a collector
 * stand-in in a process of its own, ./harness/otlp-sink-host.ts), against the same gateway with
 * both off, each in its own process on its own store, all warmed up alike; autocannon in this
 * process, interleaved rounds, ratios the median of per-round-pair ratios, with their range
 * (./harness/http-load.ts). Two samplers, as
 * the standard variables set them: every trace kept (the SDK's default), and one in ten
 * (OTEL_TRACES_SAMPLER=parentbased_traceidratio, OTEL_TRACES_SAMPLER_ARG=0.1), what
 * docs/guides/observability.md recommends under load.
 */

const script = (name: string) => fileURLToPath(new URL(name, import.meta.url));

/**
 * TELEMETRY_BENCH_BEFORE=DIR: another checkout of the repository (e.g. `git worktree add DIR main`)
 * whose gateway, telemetry on, runs in the same rounds as this one's: a change's before and after,
 * each against the same "off", from one run.
 */
const BEFORE_TREE = process.env.TELEMETRY_BENCH_BEFORE;
const TREES: Array<{ label: string; host: string }> = [
  { label: '', host: script('./harness/gateway-host.ts') },
  ...(BEFORE_TREE
    ? [{ label: ' (before)', host: path.resolve(BEFORE_TREE, 'scripts/bench/harness/gateway-host.ts') }]
    : []),
];

const SCENARIOS: Array<{ label: string; env: Record<string, string> }> = [
  { label: 'every trace sampled', env: { OTEL_TRACES_SAMPLER: 'parentbased_always_on' } },
  {
    label: '1 in 10 sampled',
    env: { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' },
  },
];

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const stores: Store[] = [];
  const hosts: Host[] = [];
  const start = async (
    label: string,
    env: Record<string, string | undefined>,
    hostScript = script('./harness/gateway-host.ts'),
  ): Promise<Side> => {
    const store = await isolatedStore(label);
    stores.push(store);
    const host = await startHost(hostScript, [], {
      env: { ...store.env, REGISTRATION_ENABLED: 'true', ...env },
      nodeFlags: profileFlags(ctx, label),
    });
    hosts.push(host);
    const token = await registerBenchUser(host.url);
    return {
      url: `${host.url}/api/v1/profile`,
      headers: { authorization: `Bearer ${token}` },
      pid: host.pid,
    };
  };
  try {
    const sink = await startHost(script('./harness/otlp-sink-host.ts'), []);
    hosts.push(sink);
    const off = await start('telemetry-off', {
      METRICS_TOKEN: undefined,
      OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
    });
    const sides: Array<{ label: string; side: Side }> = [];
    for (const [i, scenario] of SCENARIOS.entries()) {
      for (const [t, tree] of TREES.entries()) {
        sides.push({
          label: `${scenario.label}${tree.label}`,
          side: await start(
            `telemetry-on-${i + 1}${t > 0 ? '-before' : ''}`,
            {
              METRICS_TOKEN: 'bench-metrics-token-0123456789abcdef',
              OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
              OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
              ...scenario.env,
            },
            tree.host,
          ),
        });
      }
    }
    const compared = await compareEachWith(
      off,
      sides.map((s) => s.side),
      ctx.smoke
        ? { rounds: 1, seconds: 1, warmupSeconds: 1, connections: 16 }
        : {
            rounds: Number(process.env.TELEMETRY_BENCH_ROUNDS ?? 8),
            seconds: 3,
            warmupSeconds: 5,
            connections: 16,
          },
    );
    return sides.flatMap((scenario, i) => {
      const { gateway, baseline, ratios, ratioRanges, bestRatios, best } = compared[i] as Compared;
      return [
        {
          name: `on ÷ off, ${scenario.label}: throughput (${engine})`,
          value: Math.round(gateway.throughput),
          unit: 'req/s',
          baseline: Math.round(baseline.throughput),
          ratio: ratios.throughput,
          ratioRange: ratioRanges.throughput,
          goal: '≥ 0.95×',
        },
        {
          name: `on ÷ off, ${scenario.label}: server CPU per request (${engine})`,
          value: Math.round(gateway.cpuPerRequestUs),
          unit: 'µs',
          baseline: Math.round(baseline.cpuPerRequestUs),
          ratio: ratios.cpuPerRequest,
          ratioRange: ratioRanges.cpuPerRequest,
        },
        {
          name: `on ÷ off, ${scenario.label}: best round's throughput (${engine})`,
          value: Math.round(best.gateway.throughput),
          unit: 'req/s',
          baseline: Math.round(best.baseline.throughput),
          ratio: bestRatios.throughput,
          goal: '≥ 0.95×',
        },
        {
          name: `on ÷ off, ${scenario.label}: best round's server CPU per request (${engine})`,
          value: Math.round(best.gateway.cpuPerRequestUs),
          unit: 'µs',
          baseline: Math.round(best.baseline.cpuPerRequestUs),
          ratio: bestRatios.cpuPerRequest,
        },
      ];
    });
  } finally {
    for (const host of hosts) await host.stop();
    for (const store of stores) await store.drop();
  }
}
