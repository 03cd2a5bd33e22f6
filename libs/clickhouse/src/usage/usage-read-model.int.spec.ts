import type { ClickHouseClient } from '@clickhouse/client';
import { randomUUID } from 'node:crypto';
import { ClickHouseConfigSchema } from '../clickhouse-config';
import { connectClickHouse } from '../create-clickhouse';
import { migrate } from '../migrate';
import { queryMetricTotal } from './metric-total.query';
import { toUsageEventRow } from './usage-event.row';
import { insertUsageEvents } from './usage-events.writer';
import { USAGE_MIGRATIONS } from './usage.migrations';

const config = ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: `t_${randomUUID().replace(/-/g, '')}` });

const event = (id: string, agency: string, value: number, time: string) => ({
  specversion: '1.0' as const,
  id,
  source: 'urn:dga:platform:gdx',
  type: 'th.go.dga.usage.recorded.v1' as const,
  time,
  data: { platform: 'gdx', metric: 'api_calls', agency, value },
});

describe('usage read model on the ClickHouse server', () => {
  let client: ClickHouseClient;

  beforeAll(async () => {
    client = await connectClickHouse(config);
  });

  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await client.close();
  });

  it('applies each migration once, however often it runs', async () => {
    expect(await migrate(client, USAGE_MIGRATIONS)).toEqual([1]);
    expect(await migrate(client, USAGE_MIGRATIONS)).toEqual([]);
  });

  it('totals inserted events per Bangkok day through the materialized view', async () => {
    const at = new Date();
    await insertUsageEvents(client, [
      toUsageEventRow(event('a', 'moph', 10, '2021-09-30T16:59:59Z'), { partition: 0, offset: '0' }, at),
      toUsageEventRow(event('b', 'moph', 5, '2021-09-30T17:00:00Z'), { partition: 0, offset: '1' }, at),
      toUsageEventRow(event('c', 'mof', 7, '2021-09-30T12:00:00+07:00'), { partition: 1, offset: '0' }, at),
    ]);

    expect(await queryMetricTotal(client, { platform: 'gdx', metric: 'api_calls' })).toEqual({ total: 22, events: 3 });
    expect(await queryMetricTotal(client, { platform: 'gdx', metric: 'api_calls', agency: 'moph' })).toEqual({ total: 15, events: 2 });
    // 17:00 UTC on 30 September is already 1 October in Bangkok: the first day of FY2022.
    expect(await queryMetricTotal(client, { platform: 'gdx', metric: 'api_calls', toDay: '2021-09-30' })).toEqual({ total: 17, events: 2 });
  });

  it('does not let a crafted filter value escape its string literal', async () => {
    await expect(queryMetricTotal(client, { platform: "gdx' OR '1'='1", metric: 'api_calls' })).resolves.toEqual({ total: 0, events: 0 });
  });
});

