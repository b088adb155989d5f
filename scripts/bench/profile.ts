import { fileURLToPath } from 'node:url';
import type { BenchContext } from './harness/context';
import { profileFlags } from './harness/context';
import { type Host, startHost } from './harness/host';
import { compareLoad } from './harness/http-load';
import { engine, isolatedStore, type Store } from './harness/isolation';
import { registerBenchUser } from './profile-user';
import type { BenchResult } from './types';

/*
 * §1 the authenticated GET /api/v1/profile of a normal user (token check + primary-key query +
 * mapping), the gateway as deployed (logging at info) in its own process, against bare Express +
 * node-postgres running the same query on a pool of the same size in another (profile-bare-host.ts),
 * each on a store of its own; autocannon in this process, 16 connections, interleaved rounds.
 * Values are medians over the rounds; ratios the median of the per-round-pair ratios.
 */

const script = (name: string) => fileURLToPath(new URL(name, import.meta.url));

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const stores: Store[] = [];
  const hosts: Host[] = [];
  try {
    const gwStore = await isolatedStore('profile-gateway');
    stores.push(gwStore);
    const bareStore = await isolatedStore('profile-bare');
    stores.push(bareStore);
    const gateway = await startHost(script('./harness/gateway-host.ts'), [], {
      env: { ...gwStore.env, REGISTRATION_ENABLED: 'true' },
      nodeFlags: profileFlags(ctx),
    });
    hosts.push(gateway);
    const bare = await startHost(script('./profile-bare-host.ts'), [], {
      env: bareStore.env,
      nodeFlags: profileFlags(ctx, 'baseline'),
    });
    hosts.push(bare);
    const token = await registerBenchUser(gateway.url);

    const {
      gateway: gw,
      baseline,
      ratios,
    } = await compareLoad(
      {
        url: `${gateway.url}/api/v1/profile`,
        headers: { authorization: `Bearer ${token}` },
        pid: gateway.pid,
      },
      { url: `${bare.url}/profile`, headers: {}, pid: bare.pid },
      ctx.smoke
        ? { rounds: 1, seconds: 1, warmupSeconds: 1, connections: 16 }
        : {
            rounds: Number(process.env.PROFILE_BENCH_ROUNDS ?? 8),
            seconds: 3,
            warmupSeconds: 3,
            connections: 16,
          },
    );
    return [
      {
        name: `profile: throughput (${engine})`,
        value: Math.round(gw.throughput),
        unit: 'req/s',
        baseline: Math.round(baseline.throughput),
        ratio: ratios.throughput,
        goal: '≥ 0.8×',
      },
      {
        name: `profile: p99 latency (${engine})`,
        value: Number(gw.p99.toFixed(2)),
        unit: 'ms',
        baseline: Number(baseline.p99.toFixed(2)),
        ratio: ratios.p99,
        goal: '≤ 1.5×',
      },
      {
        // The same comparison, independent of how busy the machine is.
        name: `profile: server CPU per request (${engine})`,
        value: Math.round(gw.cpuPerRequestUs),
        unit: 'µs',
        baseline: Math.round(baseline.cpuPerRequestUs),
        ratio: ratios.cpuPerRequest,
      },
    ];
  } finally {
    for (const host of hosts) await host.stop();
    for (const store of stores) await store.drop();
  }
}
