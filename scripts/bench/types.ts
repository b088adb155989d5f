/** One figure a benchmark reports: a value, and where it has one, the baseline measured in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  /** value / baseline */
  ratio?: number;
  /** The lowest and highest of the per-round ratios `ratio` is the median of: how much it moved. */
  ratioRange?: [number, number];
  /** The target, in words, e.g. "≥ 0.8×". */
  goal?: string;
}
