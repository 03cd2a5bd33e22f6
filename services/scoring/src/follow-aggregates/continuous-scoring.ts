import type { AggregatesChanged, Attestation, GovernanceContext, KafkaOffset, KpiAttainment, KpiCatalog, ScoreSnapshotRecorded } from '@govmetrics/contracts';
import { WrongExpectedVersionError } from '@govmetrics/event-store';
import { CompletenessLedger, completenessChanged, withCompleteness } from '@govmetrics/foresight';
import type { Ledger, LedgerEntry } from '@govmetrics/ledger';
import { ledgerStreams } from '@govmetrics/ledger';
import type { AggregateReader } from '@govmetrics/scoring';
import { affectedBy, MemoizedAggregateReader, scoreCatalog, scoresChanged, scoreSnapshots } from '@govmetrics/scoring';

/** A catalog and its attested values, as scored on one day. */
export interface ScoringCatalog {
  catalog: KpiCatalog;
  attestations: readonly Attestation[];
  /** Where the catalog came from in the ledger; recorded on each snapshot. */
  version?: { digest: string; lastChange: { stream: string; revision: string } };
}

export interface ContinuousScoringDeps {
  /** The catalog in force on a Bangkok day (the ledger's view); asked again at every rescoring. */
  catalogOn(day: string): ScoringCatalog;
  /** The aggregates (ClickHouse); answers are remembered until a change to a bucket they read is announced. */
  aggregates: AggregateReader;
  ledger: Ledger;
  publish(message: KpiAttainment): Promise<void>;
  asOf(): string;
  actor: GovernanceContext['who'];
  log(line: string): void;
  /** The days platforms declared complete (followed on usage.completeness.v1); none: every score with usage inputs is provisional. */
  completeness?: CompletenessLedger;
}

/** What this process knows of one scorecard's stream in the ledger. */
interface ScorecardHead {
  stream: string;
  recorded?: LedgerEntry & { type: 'ScoreSnapshotRecorded' };
  published: bigint | null;
}

/**
 * Keeps a catalog's scores current: on every announced aggregate change it re-reads only the queries the change
 * can have moved, rescores, and for each scorecard whose scores changed records a snapshot in the ledger, then
 * publishes it. Changes are handled one at a time, in order of arrival.
 */
export class ContinuousScoring {
  private reader: MemoizedAggregateReader;
  private readerDay: string;
  private readonly heads = new Map<string, ScorecardHead>();
  private readonly offsets = new Map<string, KafkaOffset>();
  private queue: Promise<void> = Promise.resolve();
  private readonly completeness: CompletenessLedger;

  constructor(private readonly deps: ContinuousScoringDeps) {
    this.readerDay = deps.asOf();
    this.reader = new MemoizedAggregateReader(deps.aggregates);
    this.completeness = deps.completeness ?? new CompletenessLedger();
  }

  /** Reads each scorecard's last snapshot from the ledger, publishes it again (delivery is at least once), then scores everything. */
  start(): Promise<void> {
    return this.serially(async () => {
      const { catalog } = this.deps.catalogOn(this.readerDay);
      for (const scorecard of catalog.scorecards) {
        const head = await this.head(catalog.id, scorecard.id);
        for (const offset of head.recorded?.data.offsets ?? []) this.offsets.set(`${offset.topic}:${offset.partition}`, offset);
      }
      await this.rescore('the service started');
    });
  }

  /** Rescores after the catalog changed in the ledger (a revised target, a new attested value): aggregates remembered still hold. */
  onCatalogChanged(change: string): Promise<void> {
    return this.serially(() => this.rescore(`the catalog changed: ${change}`));
  }

  /** Rescores after a platform declared a new day complete: no aggregate moved, but a provisional score may now be final. */
  onCompletenessDeclared(what: string): Promise<void> {
    return this.serially(() => this.rescore(`completeness declared: ${what}`));
  }

  /** Rescores after one partition's batch of announcements; resolves once any changed snapshot is recorded and published. */
  onAggregatesChanged(changes: readonly AggregatesChanged[]): Promise<void> {
    return this.serially(async () => {
      for (const change of changes) this.advanceOffset(change);
      const buckets = changes.flatMap((change) => change.touched);
      const asOf = this.deps.asOf();
      if (asOf !== this.readerDay) {
        // A new as-of day moves every query's period: nothing remembered still answers.
        this.reader = new MemoizedAggregateReader(this.deps.aggregates);
        this.readerDay = asOf;
      } else if (affectedBy(this.deps.catalogOn(asOf).catalog, buckets, asOf).indicators.length === 0) {
        await this.publishPending();
        return;
      }
      this.reader.forget(buckets);
      await this.rescore('the aggregates changed');
    });
  }

  /** Waits for the work queued so far. */
  drain(): Promise<void> {
    return this.serially(() => Promise.resolve());
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work);
    // A failure is reported to the caller of that work (the consumer retries the batch), not to later work.
    this.queue = run.catch(() => undefined);
    return run;
  }

  private advanceOffset(change: AggregatesChanged): void {
    const key = `${change.topic}:${change.partition}`;
    const known = this.offsets.get(key);
    if (!known || BigInt(change.lastOffset) > BigInt(known.offset))
      this.offsets.set(key, { topic: change.topic, partition: change.partition, offset: change.lastOffset });
  }

  /** What this process knows of a scorecard's stream, read from the ledger the first time (a scorecard may join the catalog later). */
  private async head(catalogId: string, scorecardId: string): Promise<ScorecardHead> {
    const stream = ledgerStreams.scorecard(catalogId, scorecardId);
    let head = this.heads.get(stream);
    if (!head) {
      const recorded = (await this.deps.ledger.readStream(stream)).filter(isSnapshot).at(-1);
      head = { stream, ...(recorded ? { recorded } : {}), published: null };
      this.heads.set(stream, head);
    }
    return head;
  }

  private async rescore(cause: string): Promise<void> {
    const { catalog, attestations, version } = this.deps.catalogOn(this.readerDay);
    const report = await scoreCatalog(catalog, { reader: this.reader, attestations }, this.readerDay);
    const offsets = [...this.offsets.values()].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
    const scored = version ? { digest: version.digest, lastChange: { stream: version.lastChange.stream, revision: version.lastChange.revision } } : undefined;
    for (const snapshot of scoreSnapshots(catalog, report, { valueOf: (query) => this.reader.valueOf(query), offsets, catalog: scored })) {
      await this.recordIfChanged(withCompleteness(snapshot, this.completeness), cause);
    }
    await this.publishPending();
  }

  private async recordIfChanged(snapshot: ScoreSnapshotRecorded, cause: string): Promise<void> {
    const head = await this.head(snapshot.catalogId, snapshot.scorecardId);
    for (let attempt = 1; ; attempt += 1) {
      // A score turning final (or an input complete through a later day) is worth a snapshot even when no score moved.
      if (!scoresChanged(head.recorded?.data, snapshot) && !completenessChanged(head.recorded?.data, snapshot)) return;
      try {
        const what = scoresChanged(head.recorded?.data, snapshot) ? 'scores' : 'completeness';
        const context = { who: this.deps.actor, why: `${what} of ${snapshot.scorecardId} changed: ${cause}` };
        const { nextRevision } = await this.deps.ledger.record(
          head.stream,
          { type: 'ScoreSnapshotRecorded', data: snapshot },
          context,
          head.recorded?.revision ?? 'no_stream',
        );
        head.recorded = (await this.deps.ledger.readStream(head.stream, nextRevision)).filter(isSnapshot)[0];
        const provisional = snapshot.provisional ? ' (provisional)' : '';
        this.deps.log(`${snapshot.scorecardId} = ${snapshot.overall}${provisional} as of ${snapshot.asOf.slice(0, 10)}: ledger ${head.stream}@${nextRevision}`);
        return;
      } catch (error) {
        // Another scoring instance recorded first: compare with what it recorded, then decide again.
        if (!(error instanceof WrongExpectedVersionError) || attempt === 3) throw error;
        head.recorded = (await this.deps.ledger.readStream(head.stream)).filter(isSnapshot).at(-1);
      }
    }
  }

  /** Publishes each scorecard's recorded head not yet published by this process: a failed publish is retried with the next batch. */
  private async publishPending(): Promise<void> {
    for (const head of this.heads.values()) {
      const { recorded } = head;
      if (!recorded || head.published === recorded.revision) continue;
      await this.deps.publish({
        ledger: { stream: recorded.stream, revision: recorded.revision.toString(), hash: recorded.metadata.hash },
        recordedAt: recorded.metadata.when,
        snapshot: recorded.data,
      });
      head.published = recorded.revision;
    }
  }
}

const isSnapshot = (entry: LedgerEntry): entry is LedgerEntry & { type: 'ScoreSnapshotRecorded' } => entry.type === 'ScoreSnapshotRecorded';
