import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import type { BatchRange, ProjectedEvent, UsageBatchSink } from '@govmetrics/projection';
import { ClickHouseError, serverCodeOf, toClickHouseError } from '../clickhouse-errors';
import { sqlString } from '../sql';
import type { FoldRepair } from './fold-repair';
import { USAGE_EVENT_COLUMNS, toUsageEventRow } from './usage-event.row';

export interface UsageBatchSinkOptions {
  /** Names the server-side lock of a fold: the database the sink writes, so two databases never contend. */
  database: string;
  /** How long a fold waits for an earlier attempt of the same batch that is still running on the server. */
  lockWaitMs?: number;
  /** Cluster mode (docs/cluster.md): the staging table this server folds from, the fold over its local tables, quorum settings, */
  stagingTable?: string;
  foldStatement?: (range: BatchRange) => string;
  settings?: ClickHouseSettings;
  /** the fold's lock (its query id; default one per batch), and what must hold before a fold starts. */
  foldQueryId?: (range: BatchRange) => string;
  beforeFold?: () => Promise<void>;
  /** Run before the fold, under its lock: write what an earlier attempt's fold left out of the aggregates (docs/cluster.md). */
  repair?: FoldRepair;
}

/** The condition that picks a batch's rows, in staging or in usage_events, by their Kafka position. */
export const batchRows = (range: BatchRange): string =>
  `kafka_partition = ${range.partition} AND kafka_offset BETWEEN ${BigInt(range.firstOffset)} AND ${BigInt(range.lastOffset)}`;

/**
 * The statement that moves a staged batch's unseen events into `usage_events`; runs unchanged on 18.16 and current releases.
 * The look-up is keyed on the table's order (source, event_time, event_id) and bounded by the batch's own time range, so it
 * reads the granules of that range only, however large the table: a resend carries its original's time (docs/projector.md).
 */
export function foldStatement(range: BatchRange): string {
  const inBatch = batchRows(range);
  const batchTime = (bound: 'min' | 'max') => `(SELECT ${bound}(event_time) FROM usage_events_staging WHERE ${inBatch})`;
  return `INSERT INTO usage_events (${USAGE_EVENT_COLUMNS})
    SELECT ${USAGE_EVENT_COLUMNS} FROM (
      SELECT ${USAGE_EVENT_COLUMNS} FROM usage_events_staging
      WHERE ${inBatch}
        AND (source, event_time, event_id) NOT IN (
          SELECT source, event_time, event_id FROM usage_events
          WHERE event_time BETWEEN ${batchTime('min')} AND ${batchTime('max')}
            AND (source, event_time, event_id) IN (SELECT source, event_time, event_id FROM usage_events_staging WHERE ${inBatch}))
      ORDER BY kafka_offset
      LIMIT 1 BY source, event_id)`;
}

/** An earlier attempt of the same fold still runs here; on a cluster, another quorum write of the table is still being confirmed. */
const WAIT_AND_RETRY = new Set([216, 286]);

/**
 * Writes a batch so that every event counts exactly once, however often the batch is written:
 * 1. stage: append the batch to `usage_events_staging` (repeats are harmless, nothing reads staging but the fold);
 * 2. fold: one `INSERT … SELECT` moves into `usage_events` the batch's events whose (source, event_time, event_id) is
 *    not there yet, first occurrence of each (source, event_id) by offset; the materialized views update the hourly and daily aggregates
 *    from the same blocks.
 * The fold runs on the server to completion even when the projector dies mid-call, and its query id is
 * fixed per (database, partition, first offset), so ClickHouse itself refuses a second attempt of the same
 * batch while the first still runs: a restarted projector waits for its predecessor's fold, then finds
 * every event already there. See docs/projector.md for the full argument and its limits.
 */
export class ClickHouseUsageBatchSink implements UsageBatchSink {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly options: UsageBatchSinkOptions,
  ) {}

  async write(range: BatchRange, events: readonly ProjectedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const projectedAt = new Date();
    const values = events.map((event) => toUsageEventRow(event, projectedAt));
    const settings = this.options.settings;
    await this.patiently(`stage ${events.length} events of partition ${range.partition}`, () =>
      this.client.insert({ table: this.stagingTable, values, format: 'JSONEachRow', clickhouse_settings: settings }),
    );
    const query = (this.options.foldStatement ?? foldStatement)(range);
    const queryId = this.options.foldQueryId?.(range) ?? `fold:${this.options.database}:${range.partition}:${range.firstOffset}`;
    await this.options.beforeFold?.();
    if (this.options.repair) await this.repair(this.options.repair, range, queryId);
    await this.patiently(`fold partition ${range.partition} from offset ${range.firstOffset}`, () =>
      this.client.command({ query, query_id: queryId, clickhouse_settings: settings }),
    );
  }

  /** Under the fold's lock: only for a batch an earlier attempt folded, the repair's statements (docs/cluster.md). */
  private async repair(repair: FoldRepair, range: BatchRange, queryId: string): Promise<void> {
    const batch = `partition ${range.partition} from offset ${range.firstOffset}`;
    const settings = this.options.settings;
    let folded = 0;
    await this.patiently(`look for rows of ${batch} folded before`, async () => {
      const result = await this.client.query({ query: repair.folded(range), query_id: queryId, format: 'JSONEachRow', clickhouse_settings: settings });
      folded = Number((await result.json<{ folded: string }>())[0]?.folded ?? 0);
    });
    if (folded === 0) return;
    for (const statement of repair.statements(range)) {
      await this.patiently(`repair the aggregates of ${batch}`, () =>
        // One thread: the repair's block comes out byte-identical on every attempt (its aggregation order is fixed).
        this.client.command({ query: statement, query_id: queryId, clickhouse_settings: { ...settings, max_threads: 1 } }),
      );
    }
  }

  private get stagingTable(): string {
    return this.options.stagingTable ?? 'usage_events_staging';
  }

  /** Runs `call`, waiting while the server says an earlier write must finish first (see WAIT_AND_RETRY). */
  private async patiently(operation: string, call: () => Promise<unknown>): Promise<void> {
    const deadline = Date.now() + (this.options.lockWaitMs ?? 120_000);
    for (;;) {
      try {
        await call();
        return;
      } catch (error) {
        if (!WAIT_AND_RETRY.has(serverCodeOf(error)?.code ?? 0)) throw toClickHouseError(operation, error);
        if (Date.now() > deadline) throw new ClickHouseError(`${operation}: still held by an earlier write`, true, { cause: error });
        await new Promise((later) => setTimeout(later, 100));
      }
    }
  }

  /** Drops staged batches older than `keepDays` days: by then every batch staged there was folded or replayed. */
  async dropStagedBefore(now: Date, keepDays = 2): Promise<number> {
    const cutoff = Number(new Date(now.getTime() - keepDays * 86_400_000).toISOString().slice(0, 10).replace(/-/g, ''));
    try {
      const result = await this.client.query({
        query: `SELECT DISTINCT partition FROM system.parts WHERE database = currentDatabase() AND table = ${sqlString(this.stagingTable)} AND active`,
        format: 'JSONEachRow',
      });
      const old = (await result.json<{ partition: string }>()).map((row) => row.partition).filter((day) => Number(day) < cutoff);
      for (const day of old) await this.client.command({ query: `ALTER TABLE ${this.stagingTable} DROP PARTITION ${Number(day)}` });
      return old.length;
    } catch (error) {
      throw toClickHouseError('drop old staged batches', error);
    }
  }
}
