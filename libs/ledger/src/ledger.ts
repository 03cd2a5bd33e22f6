import type { GovernanceContext, LedgerEvent, LedgerMetadata } from '@govmetrics/contracts';
import { GovernanceContextSchema, LedgerEventSchema, LedgerMetadataSchema } from '@govmetrics/contracts';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, RecordedEvent, Subscription } from '@govmetrics/event-store';
import { WrongExpectedVersionError } from '@govmetrics/event-store';
import type { z } from 'zod';
import { GENESIS_HASH, chainHash } from './hash-chain';
import { LedgerError } from './ledger.errors';

/** A ledger event as read back: typed data, who/when/why, its chain link, and where the store put it. */
export type LedgerEntry = LedgerEvent & { stream: string; revision: bigint; position: bigint; recordedAt: Date; metadata: LedgerMetadata };

const describeIssues = (error: z.ZodError) => error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');

/**
 * The governance ledger over any EventStore: validates every event against its contract, stamps who/when/why,
 * and links each event to its stream's previous one by hash, appending with optimistic concurrency.
 */
export class Ledger {
  constructor(
    private readonly store: EventStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Appends `events` to `stream` if its last revision is still `expected`. With `'any'` the ledger still appends
   * against the revision it read, so two writers can never chain onto the same predecessor.
   */
  async record(stream: string, events: LedgerEvent | readonly LedgerEvent[], context: GovernanceContext, expected: ExpectedRevision): Promise<AppendResult> {
    const validated = validate(Array.isArray(events) ? events : [events as LedgerEvent], context);
    const head = await this.head(stream, expected);
    const when = this.clock().toISOString();
    let prevHash = head.prevHash;
    const chained: NewEvent[] = validated.events.map(({ type, data }) => {
      const unhashed = { ...validated.context, when, prevHash };
      const hash = chainHash({ stream, type, data, metadata: unhashed, prevHash });
      prevHash = hash;
      return { type, data, metadata: { ...unhashed, hash } };
    });
    return this.store.append(stream, chained, head.expected);
  }

  async readStream(stream: string, fromRevision?: bigint): Promise<LedgerEntry[]> {
    return (await this.store.readStream(stream, fromRevision === undefined ? {} : { fromRevision })).map(toEntry);
  }

  /** Every ledger event in position order, read in pages. */
  async readAll(pageSize = 500): Promise<LedgerEntry[]> {
    const entries: LedgerEntry[] = [];
    let fromPosition: bigint | undefined;
    for (;;) {
      const page = await this.store.readAll({ fromPosition, limit: pageSize });
      entries.push(...page.map(toEntry));
      if (page.length < pageSize) return entries;
      fromPosition = page[page.length - 1]!.position;
    }
  }

  /**
   * Follows the ledger: every entry after `fromPosition` (a checkpoint), then each one as it is recorded, in position
   * order. An event that is not a valid ledger event ends the subscription with an `UNREADABLE_LEDGER_EVENT` error.
   */
  subscribe(onEntry: (entry: LedgerEntry) => Promise<void>, fromPosition?: bigint): Promise<Subscription> {
    return this.store.subscribeToAll((event) => onEntry(toEntry(event)), fromPosition === undefined ? {} : { fromPosition });
  }

  private async head(stream: string, expected: ExpectedRevision): Promise<{ prevHash: string; expected: ExpectedRevision }> {
    if (expected === 'no_stream') return { prevHash: GENESIS_HASH, expected };
    const events = await this.store.readStream(stream, expected === 'any' ? {} : { fromRevision: expected });
    const last = events[events.length - 1];
    if (expected !== 'any' && last?.revision !== expected) {
      const actual = last?.revision ?? (await this.store.readStream(stream)).at(-1)?.revision ?? 'no_stream';
      throw new WrongExpectedVersionError(stream, expected, actual);
    }
    if (last === undefined) return { prevHash: GENESIS_HASH, expected: 'no_stream' };
    const hash = last.metadata?.['hash'];
    if (typeof hash !== 'string') {
      throw new LedgerError('UNCHAINED_PREDECESSOR', `stream "${stream}" revision ${last.revision} carries no chain hash: it was not written by the ledger`);
    }
    return { prevHash: hash, expected: last.revision };
  }
}

function validate(events: readonly LedgerEvent[], context: GovernanceContext): { events: LedgerEvent[]; context: GovernanceContext } {
  const parsedContext = GovernanceContextSchema.safeParse(context);
  if (!parsedContext.success) throw new LedgerError('INVALID_LEDGER_EVENT', `governance context: ${describeIssues(parsedContext.error)}`);
  if (events.length === 0) throw new LedgerError('INVALID_LEDGER_EVENT', 'nothing to record: no events');
  const parsed = events.map((event, i) => {
    const result = LedgerEventSchema.safeParse(event);
    if (!result.success) throw new LedgerError('INVALID_LEDGER_EVENT', `event ${i} (${String(event.type)}): ${describeIssues(result.error)}`);
    return result.data;
  });
  return { events: parsed, context: parsedContext.data };
}

function toEntry(event: RecordedEvent): LedgerEntry {
  const body = LedgerEventSchema.safeParse({ type: event.type, data: event.data });
  const metadata = LedgerMetadataSchema.safeParse(event.metadata);
  if (!body.success || !metadata.success) {
    const problem = body.success ? `metadata: ${describeIssues(metadata.error!)}` : describeIssues(body.error);
    throw new LedgerError('UNREADABLE_LEDGER_EVENT', `stream "${event.stream}" revision ${event.revision} is not a ledger event: ${problem}`);
  }
  return { ...body.data, metadata: metadata.data, stream: event.stream, revision: event.revision, position: event.position, recordedAt: event.recordedAt };
}
