import { toProjectedEvent } from '@govmetrics/projection';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bucketTotalsSql, metricTotalSql } from './metric-total.query';
import { foldStatement } from './usage-batch.clickhouse.adapter';
import { USAGE_CHECKSUM_QUERIES } from './usage-checksums.query';
import { toUsageEventRow } from './usage-event.row';
import { USAGE_MIGRATIONS } from './usage.migrations';

interface ChdbSession {
  query(sql: string, format?: string): string;
  cleanup(): void;
}

/** chdb is an optional dependency (~540 MB): the distributed mode installs without it. */
const loadChdb = (): { Session: new (path: string) => ChdbSession } | undefined => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('chdb') as { Session: new (path: string) => ChdbSession };
  } catch {
    return undefined;
  }
};
const chdb = loadChdb();
const describeWithChdb = chdb ? describe : describe.skip;

const event = (id: string, value: number, time: string, offset: number) =>
  toProjectedEvent(
    {
      specversion: '1.0',
      id,
      source: 'urn:dga:platform:gdx',
      type: 'th.go.dga.usage.recorded.v1',
      time,
      data: { platform: 'gdx', metric: 'api_calls', agency: 'moph', value },
    },
    0,
    String(offset),
  );

describeWithChdb('the usage read model SQL on a current ClickHouse (chdb)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chdb-'));
  let session: ChdbSession;
  const rows = (sql: string) =>
    session
      .query(sql, 'JSONEachRow')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeAll(() => {
    session = new (chdb as { Session: new (path: string) => ChdbSession }).Session(dir);
    session.query('CREATE DATABASE IF NOT EXISTS usage_model');
    session.query('USE usage_model');
  });

  afterAll(() => {
    session.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs every migration, the fold twice, the totals and the checksums, with the same exact results as the server', () => {
    for (const migration of USAGE_MIGRATIONS) for (const statement of migration.statements) session.query(statement);
    const staged = [event('a', 10, '2021-09-30T16:59:59Z', 0), event('b', 5, '2021-09-30T17:00:00Z', 1), event('a', 10, '2021-09-30T16:59:59Z', 2)];
    session.query(`INSERT INTO usage_events_staging FORMAT JSONEachRow\n${staged.map((e) => JSON.stringify(toUsageEventRow(e, new Date(0)))).join('\n')}`);
    const range = { partition: 0, firstOffset: '0', lastOffset: '2' };
    session.query(foldStatement(range));
    session.query(foldStatement(range));

    // Current releases print 64-bit integers unquoted, 18.16 quoted: compare numbers.
    const total = (filter: Parameters<typeof metricTotalSql>[0]) =>
      rows(metricTotalSql(filter)).map((row) => ({ total: Number(row.total), events: Number(row.events) }));
    expect(total({ platform: 'gdx', metric: 'api_calls' })).toEqual([{ total: 15, events: 2 }]);
    // 17:00 UTC on 30 September is 1 October in Bangkok.
    expect(total({ platform: 'gdx', metric: 'api_calls', toDay: '2021-09-30' })).toEqual([{ total: 10, events: 1 }]);
    const bucketTotals = rows(bucketTotalsSql([{ platform: 'gdx', metric: 'api_calls', agency: 'moph', day: '2021-09-30' }]));
    expect(bucketTotals.map((row) => ({ day: row.day, total: Number(row.total), events: Number(row.events) }))).toEqual([
      { day: '2021-09-30', total: 10, events: 1 },
    ]);
    // Two events in two hours and two Bangkok days: two rows in every table, the resent copy nowhere.
    const checksums = Object.entries(USAGE_CHECKSUM_QUERIES).map(([table, sql]) => ({ table, rows: Number(rows(sql)[0]?.rows) }));
    expect(checksums).toEqual([
      { table: 'usage_events', rows: 2 },
      { table: 'usage_hourly', rows: 2 },
      { table: 'usage_daily', rows: 2 },
      { table: 'usage_daily_entities', rows: 2 },
    ]);
  });
});
