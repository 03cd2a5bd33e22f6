/** One line on stderr, redrawn in place on a terminal and printed per update otherwise (CI logs). */
export class ProgressBar {
  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, note: string): void {
    const width = 30;
    const share = this.total === 0 ? 1 : done / this.total;
    const filled = Math.round(share * width);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}% ${done}/${this.total} events  ${note}`;
    this.stream.write(this.stream.isTTY ? `\r${line}` : `${line}\n`);
  }

  finish(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
