import type { ClickHouseClient } from '@clickhouse/client';
import { foldStatement, USAGE_EVENT_COLUMNS, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import { serverCosts } from './server-costs';

/** About the growth bench's batches: its 16 MiB fetches hold ~55,000 events. */
const BATCH = 50_000;
const VIEWS = USAGE_MIGRATIONS.flatMap((migration) => migration.statements).filter((statement) => statement.includes('CREATE MATERIALIZED VIEW'));
const ENTITIES_VIEW = VIEWS.find((view) => view.includes('usage_daily_entities_mv')) as string;

/** Stages a batch of `BATCH` new events on `partition`: the year's last two days under new ids, as the growth bench's batches span. */
const stage = (partition: number, prefix: string) =>
  `INSERT INTO usage_events_staging (${USAGE_EVENT_COLUMNS})
   SELECT concat('${prefix}-', event_id), source, platform, metric, agency, value, entity, dimensions, event_time,
          toUInt32(${partition}), rowNumberInAllBlocks(), now()
   FROM (SELECT * FROM usage_events WHERE event_time >= (SELECT max(event_time) - 2 * 86400 FROM usage_events) LIMIT ${BATCH})`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * ClickHouse's CPU for one fold of `BATCH` events with the hourly and daily views only (as before migration 5) and with
 * usage_daily_entities_mv as well, `folds` of each, alternating: what the third view adds to every fold. Medians, ms.
 */
export async function foldCost(client: ClickHouseClient, prefix: string, folds: number): Promise<{ events: number; without: number; with: number }> {
  for (const view of VIEWS) await client.command({ query: view });
  const ids: Record<'without' | 'with', string[]> = { without: [], with: [] };
  const events: number[] = [];
  for (let round = 0; round < folds; round++) {
    for (const side of ['without', 'with'] as const) {
      await client.command({ query: side === 'with' ? ENTITIES_VIEW : 'DROP TABLE usage_daily_entities_mv' });
      const partition = 100 + 2 * round + (side === 'with' ? 1 : 0);
      await client.command({ query: stage(partition, `${prefix}-${partition}`) });
      const staged = await client.query({
        query: `SELECT toString(count()) AS n FROM usage_events_staging WHERE kafka_partition = ${partition}`,
        format: 'JSONEachRow',
      });
      events.push(Number((await staged.json<{ n: string }>())[0]?.n));
      const queryId = `${prefix}-fold-${partition}`;
      const range = { partition, firstOffset: '0', lastOffset: String(BATCH - 1) };
      await client.command({ query: foldStatement(range), query_id: queryId, clickhouse_settings: { log_queries: 1 } });
      ids[side].push(queryId);
    }
  }
  const costs = await serverCosts(client, [...ids.without, ...ids.with]);
  const cpu = (side: 'without' | 'with') => median(ids[side].map((id) => costs.get(id)?.cpuMs ?? NaN));
  return { events: median(events), without: cpu('without'), with: cpu('with') };
}
