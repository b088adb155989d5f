/**
 * A one-line progress display on stderr for long work (backups, restores, exports): redrawn in
 * place at most ten times a second on a terminal, silent when stderr is a file or a pipe (logs
 * and tests get the final summary only). stdout stays clean for whatever the command prints.
 */
export class Progress {
  private count = 0;
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private label: string,
    private total?: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  /** A new phase of the same work: the count starts again under another label. */
  phase(label: string, total?: number): void {
    this.label = label;
    this.total = total;
    this.count = 0;
    this.draw(true);
  }

  /** Reported progress of work that counts for itself: `label done/total`. */
  report(label: string, done: number, total?: number): void {
    const force = label !== this.label;
    this.label = label;
    this.total = total;
    this.count = done;
    this.draw(force);
  }

  tick(n = 1, detail?: string): void {
    this.count += n;
    this.draw(false, detail);
  }

  /** Clears the line; the caller prints its own summary. */
  done(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }

  private draw(force: boolean, detail?: string): void {
    if (!this.stream.isTTY) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const of = this.total === undefined ? '' : `/${this.total}`;
    const bar = this.total ? ` ${meter(this.count / this.total)}` : '';
    const line = `${this.label}${bar} ${this.count}${of}${detail ? ` ${detail}` : ''}`;
    this.stream.write(`\r\x1b[2K${line.slice(0, (this.stream.columns || 80) - 1)}`);
    this.drawn = true;
  }
}

function meter(fraction: number, width = 20): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}
