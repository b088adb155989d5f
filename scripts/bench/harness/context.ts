/** What `npm run bench` tells each benchmark about the run. */
export interface BenchContext {
  /** A few seconds each, for CI: the benchmark must run through; its figures mean nothing. */
  smoke: boolean;
  /** Where server processes write a CPU profile (`--cpu-prof`), when asked to. */
  cpuProfDir?: string;
}

let profiled = 0;

/**
 * Node flags for a measured server process: with --cpu-prof DIR, its CPU profiles go to a
 * directory named after the server (DIR/gateway-1/, DIR/baseline-2/, …), so the two sides can be
 * compared. (One profile per thread: the main thread's is the largest; tsx's loader has its own.)
 */
export const profileFlags = (ctx: BenchContext, label = 'gateway'): string[] =>
  ctx.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${ctx.cpuProfDir}/${label}-${++profiled}`] : [];
