import type { ClickHouseClient } from '@clickhouse/client';

export interface ServerCost {
  /** ClickHouse's CPU for the query, user + system (OSCPUVirtualTimeMicroseconds), in ms. */
  cpuMs: number;
  rows: number;
}

/** What each query, run with `log_queries` under one of `ids`, cost the server: from system.query_log, by id. */
export async function serverCosts(client: ClickHouseClient, ids: readonly string[]): Promise<Map<string, ServerCost>> {
  await client.command({ query: 'SYSTEM FLUSH LOGS' });
  const result = await client.query({
    format: 'JSONEachRow',
    query: `SELECT query_id AS id, toString(ProfileEvents.Values[indexOf(ProfileEvents.Names, 'OSCPUVirtualTimeMicroseconds')]) AS cpu,
              toString(read_rows) AS read
            FROM system.query_log WHERE event_date >= yesterday() AND type = 2 AND query_id IN (${ids.map((id) => `'${id}'`).join(', ')})`,
  });
  const costs = await result.json<{ id: string; cpu: string; read: string }>();
  return new Map(costs.map((cost) => [cost.id, { cpuMs: Number(cost.cpu) / 1000, rows: Number(cost.read) }]));
}
