import type { ClickHouseClient } from '@clickhouse/client';
import { createClient } from '@clickhouse/client';
import { toProjectedEvent } from '@govmetrics/projection';
import { randomUUID } from 'node:crypto';
import { ClickHouseConfigSchema } from '../clickhouse-config';
import { connectClickHouse } from '../create-clickhouse';
import { migrate } from '../migrate';
import { ClickHouseUsageBatchSink } from './usage-batch.clickhouse.adapter';
import { USAGE_EVENT_COLUMNS } from './usage-event.row';
import { USAGE_MIGRATIONS } from './usage.migrations';

const config = ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: `t_${randomUUID().replace(/-/g, '')}` });
const HISTORY_ROWS = 1_000_000;
const YEAR_START = Date.UTC(2024, 9, 1) / 1000;
const LAST_HOUR = YEAR_START + 365 * 86_400 - 3600;
/**
 * A hundredth of the table. The by-id look-up of 1,000 random ids touched about one granule per id, i.e. all of it; the
 * by-time look-up read 16,384 rows in granules of 8,192 (migration 3), a few granules of 1,024 since migration 4.
 */
const READ_LIMIT = HISTORY_ROWS / 100;

const event = (id: string, time: number, offset: number) =>
  toProjectedEvent(
    {
      specversion: '1.0',
      id,
      source: 'urn:dga:platform:gdx',
      type: 'th.go.dga.usage.recorded.v1',
      time: new Date(time * 1000).toISOString(),
      data: { platform: 'gdx', metric: 'api_calls', agency: 'moph', value: 1 },
    },
    0,
    String(offset),
  );

describe('the fold look-up on a table of a million events', () => {
  let client: ClickHouseClient;
  let limited: ClickHouseClient;

  beforeAll(async () => {
    client = await connectClickHouse(config);
    await migrate(client, USAGE_MIGRATIONS);
    // Given a year of history (random ids, uniform times), written straight into the table as a migrated one would hold it
    await client.command({
      query: `INSERT INTO usage_events (${USAGE_EVENT_COLUMNS})
        SELECT toString(cityHash64(number, 'id')), 'urn:dga:platform:gdx', 'gdx', 'api_calls', 'moph', 1, '', '{}',
               toDateTime(${YEAR_START} + cityHash64(number, 'time') % ${365 * 86_400}), 9, number, now()
        FROM numbers(${HISTORY_ROWS})`,
    });
    limited = createClient({
      url: config.CLICKHOUSE_URL,
      username: config.CLICKHOUSE_USER,
      password: config.CLICKHOUSE_PASSWORD,
      database: config.CLICKHOUSE_DATABASE,
      clickhouse_settings: { max_rows_to_read: String(READ_LIMIT), read_overflow_mode: 'throw' },
    });
  });

  afterAll(async () => {
    await limited?.close();
    await client.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await client.close();
  });

  it('reads a hundredth of the table at most for a live batch of 1,000 new ids and a resend, and counts the resend once', async () => {
    const [old] = await (
      await client.query({
        query: `SELECT event_id, toUnixTimestamp(event_time) AS time FROM usage_events WHERE event_time >= toDateTime(${LAST_HOUR}) LIMIT 1`,
        format: 'JSONEachRow',
      })
    ).json<{ event_id: string; time: number }>();
    const fresh = Array.from({ length: 1000 }, (_, i) => event(randomUUID(), LAST_HOUR + (i % 3600), i));
    const resend = event(old?.event_id as string, Number(old?.time), 1000);

    // When the sink writes them through a client that refuses any query reading more than READ_LIMIT rows
    await new ClickHouseUsageBatchSink(limited, { database: config.CLICKHOUSE_DATABASE }).write({ partition: 0, firstOffset: '0', lastOffset: '1000' }, [
      ...fresh,
      resend,
    ]);

    const [row] = await (await client.query({ query: 'SELECT count() AS n FROM usage_events', format: 'JSONEachRow' })).json<{ n: string }>();
    expect(Number(row?.n)).toBe(HISTORY_ROWS + 1000);
  });
});
