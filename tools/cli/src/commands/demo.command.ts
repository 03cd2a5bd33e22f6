import { ClickHouseAggregateReader, ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import type { KpiAttainment, UsageEvent } from '@govmetrics/contracts';
import { KpiAttainmentSchema } from '@govmetrics/contracts';
import { generateFy2564 } from '@govmetrics/demo-data';
import { eventually, Pipeline, requestJson, TopicWatcher } from '@govmetrics/devkit';
import { parseAttestations, parseCatalog, scoreCatalog } from '@govmetrics/scoring';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliCommand } from '../command';
import { formatReport } from './score.command';

const ROOT = resolve(__dirname, '../../../..');
const CATALOG = 'catalogs/dga-fy2564.yaml';
const AS_OF = '2021-09-30';
/** The ingest's limit of events per batch. */
const BATCH = 5000;

function byPlatform(events: readonly UsageEvent[]): Map<string, UsageEvent[]> {
  const groups = new Map<string, UsageEvent[]>();
  for (const event of events) groups.set(event.data.platform, [...(groups.get(event.data.platform) ?? []), event]);
  return groups;
}

/** Each platform posts its year in batches with its own API key, as a platform team would. */
async function sendYear(pipeline: Pipeline, events: readonly UsageEvent[]): Promise<number> {
  let accepted = 0;
  for (const [platform, platformEvents] of byPlatform(events)) {
    for (let start = 0; start < platformEvents.length; start += BATCH) {
      const sent = await requestJson(`${pipeline.ingestUrl}/v1/events`, { body: platformEvents.slice(start, start + BATCH), headers: pipeline.authHeaders(platform) });
      if (sent.status !== 200) throw new Error(`${platform}: ingest answered ${sent.status} ${JSON.stringify(sent.body)}`);
      accepted += (sent.body as { accepted: number }).accepted;
    }
    console.log(`  ${platform.padEnd(14)} ${String(platformEvents.length).padStart(6)} events sent`);
  }
  return accepted;
}

interface TotalAnswer {
  total: number;
  events: number;
}

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'start the pipeline on the local servers, send the FY2564 year of usage over HTTP, print aggregates and the KPI scorecards',
  async run() {
    const events = generateFy2564();
    const pipeline = await Pipeline.start({ runId: `demo_${Date.now()}`, services: ['ingest', 'projector', 'gateway', 'scoring'], env: { SCORING_AS_OF: AS_OF } });
    const attainment = await TopicWatcher.start(pipeline.env.KPI_ATTAINMENT_TOPIC!, (value) => KpiAttainmentSchema.parse(value));
    const clickhouse = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: pipeline.env.CLICKHOUSE_DATABASE }));
    try {
      console.log(`pipeline up: ingest ${pipeline.ingestUrl}, gateway ${pipeline.gatewayUrl}, ClickHouse database ${pipeline.env.CLICKHOUSE_DATABASE}`);
      console.log(`\nsending ${events.length} FY2564 usage events over HTTP:`);
      const accepted = await sendYear(pipeline, events);
      console.log(`accepted: ${accepted}`);

      const projected = await eventually(
        async () => {
          const result = await clickhouse.query({ query: 'SELECT count() AS events FROM usage_events', format: 'JSONEachRow' });
          return Number((await result.json<{ events: string }>())[0]?.events ?? 0);
        },
        (count) => count >= accepted,
        240_000,
      );
      console.log(`projected into ClickHouse: ${projected}`);

      const gdxCalls = events.filter((event) => event.data.platform === 'gdx' && event.data.metric === 'api_calls');
      const expected = gdxCalls.reduce((sum, event) => sum + event.data.value, 0);
      const gdx = await eventually(
        async () => (await requestJson(`${pipeline.gatewayUrl}/v1/aggregates/total?platform=gdx&metric=api_calls&from=2020-10-01&to=${AS_OF}`)).body as TotalAnswer,
        (answer) => answer.events >= gdxCalls.length,
        240_000,
      );
      console.log(`\nGDX api_calls, FY2564, from ClickHouse through the gateway: ${gdx.total.toLocaleString('en-US')} (${gdx.events} events; sent ${expected.toLocaleString('en-US')})`);

      const catalog = parseCatalog(readFileSync(resolve(ROOT, CATALOG), 'utf8'), CATALOG);
      const { attestations } = parseAttestations(readFileSync(resolve(ROOT, 'catalogs/dga-fy2564.attested.yaml'), 'utf8'));
      const report = await scoreCatalog(catalog, { reader: new ClickHouseAggregateReader(clickhouse), attestations }, AS_OF);
      console.log(`\n${formatReport(report)}`);

      const latest = (id: string, overall: number) => attainment.until((message: KpiAttainment) => message.snapshot.scorecardId === id && message.snapshot.overall === overall, 240_000);
      const [a, b] = [await latest('A', 92), await latest('B', 98.75)];
      console.log(`\nthe scoring service published on kpi.attainment.v1: A ${a.snapshot.overall}, B ${b.snapshot.overall} (ledger ${a.ledger.stream} r${a.ledger.revision}, ${b.ledger.stream} r${b.ledger.revision})`);
      return gdx.total === expected && report.scorecards.map((s) => s.score).join() === '92,98.75' ? 0 : 1;
    } finally {
      await clickhouse.close();
      await attainment.stop();
      await pipeline.stop();
    }
  },
};
