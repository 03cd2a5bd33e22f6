/**
 * The newest `capacity` items of one stream, each with its sequence number, for clients that reconnect with
 * `Last-Event-ID`. It holds every item after `floor`: the sequence it started at, or that of the newest item it dropped.
 */
export class ReplayLog<T> {
  private readonly entries: { sequence: number; item: T }[] = [];
  private floor: number;

  constructor(
    private readonly capacity: number,
    startsAfter: number,
  ) {
    this.floor = startsAfter;
  }

  append(sequence: number, item: T): void {
    this.entries.push({ sequence, item });
    if (this.entries.length > this.capacity) this.floor = this.entries.shift()!.sequence;
  }

  /** Every item after `sequence`, or undefined when some of them are no longer (or were never) held. */
  after(sequence: number): T[] | undefined {
    if (sequence < this.floor) return undefined;
    return this.entries.filter((entry) => entry.sequence > sequence).map((entry) => entry.item);
  }
}
