import { randomBytes } from 'node:crypto';

/**
 * The ids a gateway process gives its stream events, `<boot>-<sequence>`: one sequence over every stream, so an id
 * says where in this process's history a client stood. Another process's id (a restart, another replica) is not one.
 */
export class StreamEventIds {
  private sequence = 0;

  constructor(readonly boot: string = randomBytes(4).toString('hex')) {}

  /** The next sequence number; its id is `idOf(sequence)`. */
  next(): number {
    this.sequence += 1;
    return this.sequence;
  }

  /** The sequence number of the newest id given so far: a stream that opens now has missed nothing after it. */
  get current(): number {
    return this.sequence;
  }

  idOf(sequence: number): string {
    return `${this.boot}-${sequence}`;
  }

  /** The sequence number of an id this process gave, or undefined (absent, malformed, another process's, or ahead of it). */
  sequenceOf(id: string | undefined): number | undefined {
    const match = /^([0-9a-f]+)-(\d{1,15})$/.exec(id ?? '');
    if (match?.[1] !== this.boot) return undefined;
    const sequence = Number(match[2]);
    return sequence <= this.sequence ? sequence : undefined;
  }
}
