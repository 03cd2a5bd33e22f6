import type { ClickHouseClient } from '@clickhouse/client';
import { generateFy2564 } from '@govmetrics/demo-data';
import type { AggregateReader, CompositeReport, MetricQuery, ScorecardReport } from '@govmetrics/scoring';
import { InMemoryAggregateReader, parseAttestations, parseCatalog, scoreCatalog } from '@govmetrics/scoring';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ClickHouseConfigSchema } from '../clickhouse-config';
import { connectClickHouse } from '../create-clickhouse';
import { migrate } from '../migrate';
import { toProjectedEvent } from '@govmetrics/projection';
import { ClickHouseUsageBatchSink } from '../usage/usage-batch.clickhouse.adapter';
import { USAGE_MIGRATIONS } from '../usage/usage.migrations';
import { ClickHouseAggregateReader } from './aggregate-reader.clickhouse.adapter';

const config = ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: `t_${randomUUID().replace(/-/g, '')}` });
const catalogFile = (name: string) => readFileSync(resolve(__dirname, '../../../../catalogs', name), 'utf8');

/** Remembers every query scoring asks, so the same queries can be put to the reference reader. */
class RecordingReader implements AggregateReader {
  readonly queries: MetricQuery[] = [];
  constructor(private readonly inner: AggregateReader) {}
  read(query: MetricQuery): Promise<number | null> {
    this.queries.push(query);
    return this.inner.read(query);
  }
}

describe('FY2564 scorecards scored from the ClickHouse aggregates', () => {
  const events = generateFy2564();
  let client: ClickHouseClient;
  let recording: RecordingReader;
  let report: ScorecardReport;

  beforeAll(async () => {
    // Given a year of generated usage events in the ClickHouse read model
    client = await connectClickHouse(config);
    await migrate(client, USAGE_MIGRATIONS);
    const sink = new ClickHouseUsageBatchSink(client, { database: config.CLICKHOUSE_DATABASE });
    await sink.write(
      { partition: 0, firstOffset: '0', lastOffset: String(events.length - 1) },
      events.map((event, i) => toProjectedEvent(event, 0, String(i))),
    );
    recording = new RecordingReader(new ClickHouseAggregateReader(client));
    // When the catalog is scored as of the last day of the fiscal year through the ClickHouse reader
    const { attestations } = parseAttestations(catalogFile('dga-fy2564.attested.yaml'));
    report = await scoreCatalog(parseCatalog(catalogFile('dga-fy2564.yaml')), { reader: recording, attestations }, '2021-09-30');
  }, 120_000);

  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await client.close();
  });

  it('reproduces the published overall scores, 92.00 and 98.75, and indicator 1 at 9,503,084', () => {
    const scorecard = (id: string) => report.scorecards.find((candidate) => candidate.id === id) as CompositeReport;
    expect(scorecard('A').score).toBe(92);
    expect(scorecard('B').score).toBe(98.75);
    expect(scorecard('A').children.find((child) => child.id === 'A1')).toMatchObject({ measures: [{ actual: 9_503_084 }] });
  });

  it('answers every query scoring asked exactly as the in-memory reference reader does', async () => {
    const reference = new InMemoryAggregateReader(events);
    expect(recording.queries.length).toBeGreaterThan(10);
    for (const query of recording.queries) {
      const [fromClickHouse, fromReference] = await Promise.all([new ClickHouseAggregateReader(client).read(query), reference.read(query)]);
      expect({ query, value: fromClickHouse }).toEqual({ query, value: fromReference });
    }
  });
});
