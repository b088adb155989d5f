/** What `npm run bench` tells each benchmark about the run. */
export interface BenchContext {
  /** A few seconds each, for CI: the benchmark must run through; its figures mean nothing. */
  smoke: boolean;
  /** Where gateway processes write a CPU profile (`--cpu-prof`), when asked to. */
  cpuProfDir?: string;
}

/** Node flags for a measured gateway process. */
export const gatewayNodeFlags = (ctx: BenchContext): string[] =>
  ctx.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${ctx.cpuProfDir}`] : [];
