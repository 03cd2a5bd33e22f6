import { ClickHouseAggregateReader, ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import type { KpiAttainment } from '@govmetrics/contracts';
import { AggregateUpdateSchema, bangkokDay, KpiAttainmentSchema, ROLES } from '@govmetrics/contracts';
import { generateFy2564 } from '@govmetrics/demo-data';
import { eventually, Pipeline, requestJson, sendAsPlatforms, ServerSentEvents, untilAggregated } from '@govmetrics/devkit';
import { parseAttestations, parseCatalog, scoreCatalog } from '@govmetrics/scoring';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliCommand } from '../command';
import { formatReport } from './score.command';

const ROOT = resolve(__dirname, '../../../..');
const CATALOG = 'catalogs/dga-fy2564.yaml';
const AS_OF = '2021-09-30';
const isScore = ({ snapshot }: KpiAttainment, scorecardId: string, overall: number) => snapshot.scorecardId === scorecardId && snapshot.overall === overall;

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
    // What an operator's dashboard does: follow KPI attainment live through the gateway while the year arrives
    const attainment = await ServerSentEvents.connect(`${pipeline.gatewayUrl}/v1/attainment/stream`, pipeline.roleHeaders('operator'));
    // and GDX's API calls as they are projected, day by day
    const gdxStream = await ServerSentEvents.connect(`${pipeline.gatewayUrl}/v1/aggregates/stream?platform=gdx&metric=api_calls`, pipeline.roleHeaders('operator'));
    const clickhouse = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: pipeline.env.CLICKHOUSE_DATABASE }));
    try {
      console.log(`pipeline up: ingest ${pipeline.ingestUrl}, gateway ${pipeline.gatewayUrl}, ClickHouse database ${pipeline.env.CLICKHOUSE_DATABASE}`);
      // Security is on in local development too: these are the run's development tokens (docs/security.md).
      console.log(`development tokens (Authorization: Bearer …): ${ROLES.map((role) => `${role}=${pipeline.token(role)}`).join('  ')}`);
      console.log(`\nsending ${events.length} FY2564 usage events over HTTP:`);
      const accepted = await sendAsPlatforms(pipeline, events, (platform, count) => console.log(`  ${platform.padEnd(14)} ${String(count).padStart(6)} events sent`));
      console.log(`accepted: ${accepted}`);

      const projected = await untilAggregated(clickhouse, accepted, 240_000);
      console.log(`projected into ClickHouse: ${projected.raw} events, ${projected.daily} in the daily aggregate`);

      const gdxCalls = events.filter((event) => event.data.platform === 'gdx' && event.data.metric === 'api_calls');
      const expected = gdxCalls.reduce((sum, event) => sum + event.data.value, 0);
      const gdx = await eventually(
        async () => (await requestJson(`${pipeline.gatewayUrl}/v1/aggregates/total?platform=gdx&metric=api_calls&from=2020-10-01&to=${AS_OF}`, { headers: pipeline.roleHeaders('operator') })).body as TotalAnswer,
        (answer) => answer.events >= gdxCalls.length,
        240_000,
      );
      console.log(`\nGDX api_calls, FY2564, from ClickHouse through the gateway: ${gdx.total.toLocaleString('en-US')} (${gdx.events} events; sent ${expected.toLocaleString('en-US')})`);
      const sentAgencyDays = new Set(gdxCalls.map((event) => `${event.data.agency}:${bangkokDay(Date.parse(event.time))}`)).size;
      const shownAgencyDays = () =>
        Promise.resolve(new Set(gdxStream.events.flatMap((event) => (event.type === 'aggregate' ? [AggregateUpdateSchema.parse(event.data)] : [])).map((update) => `${update.agency}:${update.day}`)).size);
      const shown = await eventually(shownAgencyDays, (count) => count >= sentAgencyDays, 30_000);
      console.log(`the gateway's live aggregate stream (${pipeline.gatewayUrl}/v1/aggregates/stream?platform=gdx&metric=api_calls) showed ${shown} of the ${sentAgencyDays} agency-days GDX sent, each as it was projected`);

      const catalog = parseCatalog(readFileSync(resolve(ROOT, CATALOG), 'utf8'), CATALOG);
      const { attestations } = parseAttestations(readFileSync(resolve(ROOT, 'catalogs/dga-fy2564.attested.yaml'), 'utf8'));
      const report = await scoreCatalog(catalog, { reader: new ClickHouseAggregateReader(clickhouse), attestations }, AS_OF);
      console.log(`\n${formatReport(report)}`);

      const latest = async (id: string, overall: number) => {
        const event = await attainment.until((sent) => sent.type === 'attainment' && isScore(KpiAttainmentSchema.parse(sent.data), id, overall), 240_000);
        return KpiAttainmentSchema.parse(event.data);
      };
      const [a, b] = [await latest('A', 92), await latest('B', 98.75)];
      const moves = attainment.events.filter((event) => event.type === 'attainment').length;
      console.log(`\nthe gateway's live stream (${pipeline.gatewayUrl}/v1/attainment/stream), ${moves} moves seen: A ${a.snapshot.overall}, B ${b.snapshot.overall} (ledger ${a.ledger.stream} r${a.ledger.revision}, ${b.ledger.stream} r${b.ledger.revision})`);
      return gdx.total === expected && shown === sentAgencyDays && report.scorecards.map((s) => s.score).join() === '92,98.75' ? 0 : 1;
    } finally {
      await clickhouse.close();
      await attainment.close();
      await gdxStream.close();
      await pipeline.stop();
    }
  },
};
