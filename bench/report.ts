/** One figure of `npm run bench`, as its table and its `--json` line show it. */
export interface BenchRow {
  group: number;
  figure: string;
  ours: number;
  /** What `ours` is measured against, and what that is. */
  reference: number | null;
  referenceLabel: string;
  /** ours / reference, where that quotient is the figure the target is about. */
  ratio: number | null;
  target: string;
  /** null: information only, no target. */
  pass: boolean | null;
}

/** The last line of `npm run bench -- --json`. */
export interface BenchReport {
  node: string;
  cpus: number;
  quick: boolean;
  rows: BenchRow[];
  notes: string[];
  sinkChunks: string[];
}
