/**
 * The kind of line break that ends each line of a text source, kept as runs of one kind and
 * forgotten as a reader asks for them in increasing line order. A CSV reader asks only for the
 * lines that end records, so line breaks inside quoted values (Python's csv module writes CRLF
 * record ends around values holding LF) are not taken for a file that mixes its line endings.
 */
export const LF = 0;
export const CRLF = 1;
export const CR = 2;
export type LineBreakKind = typeof LF | typeof CRLF | typeof CR;

export class LineBreakLog {
  private starts = new Int32Array(64);
  private kinds = new Uint8Array(64);
  private head = 0;
  private length = 0;
  private last = 0;
  /** Off for readers that never ask (JSON, JSONL): nothing more is kept. */
  private active = true;

  stop(): void {
    this.active = false;
    this.head = 0;
    this.length = 0;
  }

  /** The break of kind `kind` ends line `line` (lines come in increasing order, one break each). */
  record(line: number, kind: LineBreakKind): void {
    if (!this.active) return;
    this.last = line;
    if (this.length > 0 && this.kinds[this.length - 1] === kind) return;
    if (this.head > 0 && this.head * 2 >= this.length) {
      // Runs already read: shift the rest down instead of growing.
      this.starts.copyWithin(0, this.head, this.length);
      this.kinds.copyWithin(0, this.head, this.length);
      this.length -= this.head;
      this.head = 0;
    }
    if (this.length === this.starts.length) {
      const starts = new Int32Array(this.length * 2);
      starts.set(this.starts);
      const kinds = new Uint8Array(this.length * 2);
      kinds.set(this.kinds);
      this.starts = starts;
      this.kinds = kinds;
    }
    this.starts[this.length] = line;
    this.kinds[this.length] = kind;
    this.length++;
  }

  /** The kind of break that ends `line`, or -1 when none does (the last line of a file without a final break). Ask in increasing line order. */
  kindEnding(line: number): LineBreakKind | -1 {
    if (!this.active || this.length === 0 || line > this.last) return -1;
    while (this.head + 1 < this.length && this.starts[this.head + 1] <= line) this.head++;
    return line >= this.starts[this.head] ? (this.kinds[this.head] as LineBreakKind) : -1;
  }
}
