import type { ClickHouseClient } from '@clickhouse/client';
import { toClickHouseError } from '@govmetrics/clickhouse';

/** The newest event time in the read model (ISO instants) by platform, and by the Kafka partition it was folded from. */
export interface NewestFolded {
  byPlatform: Map<string, string>;
  byPartition: Map<number, string>;
}

const latest = <K>(map: Map<K, string>, key: K, instant: string): void => {
  if ((map.get(key) ?? '') < instant) map.set(key, instant);
};

/** One scan of the read model: what silence is judged on, and how far each partition's events are in. */
export async function readNewestFolded(clickhouse: ClickHouseClient): Promise<NewestFolded> {
  try {
    const result = await clickhouse.query({
      query: 'SELECT platform, kafka_partition AS partition, toUnixTimestamp(max(event_time)) AS newest FROM usage_events GROUP BY platform, kafka_partition',
      format: 'JSONEachRow',
    });
    const rows = await result.json<{ platform: string; partition: string | number; newest: string | number }>();
    const folded: NewestFolded = { byPlatform: new Map(), byPartition: new Map() };
    for (const row of rows) {
      const instant = new Date(Number(row.newest) * 1000).toISOString();
      latest(folded.byPlatform, row.platform, instant);
      latest(folded.byPartition, Number(row.partition), instant);
    }
    return folded;
  } catch (error) {
    throw toClickHouseError('newest event per platform and partition query', error);
  }
}
