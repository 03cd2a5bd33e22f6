import type { ClickHouseClient } from '@clickhouse/client';
import { Command } from '@commander-js/extra-typings';
import { ClickHouseAggregateReader, ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import type { KpiAttainment, UsageEvent } from '@govmetrics/contracts';
import { AggregateUpdateSchema, bangkokDay, KpiAttainmentSchema, ROLES } from '@govmetrics/contracts';
import { generateFy2564 } from '@govmetrics/demo-data';
import { eventually, Pipeline, requestJson, sendAsPlatforms, ServerSentEvents, untilAggregated } from '@govmetrics/devkit';
import type { ScorecardReport } from '@govmetrics/scoring';
import { parseAttestations, parseCatalog, scoreCatalog } from '@govmetrics/scoring';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { exitsWith } from '../command';
import { formatReport } from './score.command';

const ROOT = resolve(__dirname, '../../../..');
const CATALOG = 'catalogs/dga-fy2564.yaml';
const AS_OF = '2021-09-30';

interface TotalAnswer {
  total: number;
  events: number;
}

/** Tells that the pipeline did not deliver: the demo's only failure besides a service not starting. */
function undelivered(what: string): number {
  console.error(`the pipeline did not deliver: ${what}`);
  return 1;
}

const GDX_CALLS = 'platform=gdx&metric=api_calls';

/** GDX's API calls read back through the gateway, and the agency-days its live stream showed; 1 when either falls short. */
async function showGdx(pipeline: Pipeline, gdxStream: ServerSentEvents, events: readonly UsageEvent[]): Promise<number> {
  const gdxCalls = events.filter((event) => event.data.platform === 'gdx' && event.data.metric === 'api_calls');
  const sent = gdxCalls.reduce((sum, event) => sum + event.data.value, 0);
  const totalUrl = `${pipeline.gatewayUrl}/v1/aggregates/total?${GDX_CALLS}&from=2020-10-01&to=${AS_OF}`;
  const gdx = await eventually(
    async () => (await requestJson(totalUrl, { headers: pipeline.roleHeaders('operator') })).body as TotalAnswer,
    (answer) => answer.events >= gdxCalls.length,
    240_000,
  );
  console.log(
    `\nGDX api_calls, FY2564, from ClickHouse through the gateway: ${gdx.total.toLocaleString('en-US')} ` +
      `(${gdx.events} events; sent ${sent.toLocaleString('en-US')})`,
  );
  if (gdx.events < gdxCalls.length) return undelivered(`the gateway counts ${gdx.events} of the ${gdxCalls.length} GDX api_calls events sent`);

  const sentAgencyDays = new Set(gdxCalls.map((event) => `${event.data.agency}:${bangkokDay(Date.parse(event.time))}`)).size;
  const updates = () => gdxStream.events.flatMap((event) => (event.type === 'aggregate' ? [AggregateUpdateSchema.parse(event.data)] : []));
  const shownAgencyDays = () => Promise.resolve(new Set(updates().map((update) => `${update.agency}:${update.day}`)).size);
  const shown = await eventually(shownAgencyDays, (count) => count >= sentAgencyDays, 30_000);
  console.log(
    `the gateway's live aggregate stream (${pipeline.gatewayUrl}/v1/aggregates/stream?${GDX_CALLS}) ` +
      `showed ${shown} of the ${sentAgencyDays} agency-days GDX sent, each as it was projected`,
  );
  return shown < sentAgencyDays ? undelivered(`the live aggregate stream showed ${shown} of ${sentAgencyDays} agency-days`) : 0;
}

/** The scorecards computed from ClickHouse now, with the reconciliation findings. */
async function scoreFromClickHouse(clickhouse: ClickHouseClient): Promise<ScorecardReport> {
  const catalog = parseCatalog(readFileSync(resolve(ROOT, CATALOG), 'utf8'), CATALOG);
  const { attestations } = parseAttestations(readFileSync(resolve(ROOT, 'catalogs/dga-fy2564.attested.yaml'), 'utf8'));
  const report = await scoreCatalog(catalog, { reader: new ClickHouseAggregateReader(clickhouse), attestations }, AS_OF);
  console.log(`\n${formatReport(report)}`);
  return report;
}

const showsScore = (data: unknown, scorecardId: string, overall: number) => {
  const { snapshot } = KpiAttainmentSchema.parse(data);
  return snapshot.scorecardId === scorecardId && snapshot.overall === overall;
};

/** Waits until the live attainment stream shows each scorecard as scored from ClickHouse: the scoring service caught up. */
async function showAttainment(gatewayUrl: string, attainment: ServerSentEvents, report: ScorecardReport): Promise<void> {
  const seen: KpiAttainment[] = [];
  for (const { id, score } of report.scorecards) {
    const event = await attainment.until((sent) => sent.type === 'attainment' && showsScore(sent.data, id, score), 240_000);
    seen.push(KpiAttainmentSchema.parse(event.data));
  }
  const moves = attainment.events.filter((event) => event.type === 'attainment').length;
  const scores = seen.map(({ snapshot, ledger }) => `${snapshot.scorecardId} ${snapshot.overall} (ledger ${ledger.stream} r${ledger.revision})`);
  console.log(`\nthe gateway's live stream (${gatewayUrl}/v1/attainment/stream), ${moves} moves seen: ${scores.join(', ')}`);
}

/**
 * Shows the main job end to end and prints what each step saw. The expected figures are the e2e suite's to check
 * (tests/src/scoring/fy2564-scorecards.e2e.spec.ts, the operators' stories); the demo fails only when something never arrives.
 */
async function demo(): Promise<number> {
  const events = generateFy2564();
  const pipeline = await Pipeline.start({
    runId: `demo_${Date.now()}`,
    services: ['ingest', 'projector', 'gateway', 'scoring'],
    env: { SCORING_AS_OF: AS_OF },
  });
  // What an operator's dashboard does: follow KPI attainment live through the gateway while the year arrives
  const attainment = await ServerSentEvents.connect(`${pipeline.gatewayUrl}/v1/attainment/stream`, pipeline.roleHeaders('operator'));
  // and GDX's API calls as they are projected, day by day
  const gdxStream = await ServerSentEvents.connect(`${pipeline.gatewayUrl}/v1/aggregates/stream?${GDX_CALLS}`, pipeline.roleHeaders('operator'));
  const clickhouse = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: pipeline.env.CLICKHOUSE_DATABASE }));
  try {
    console.log(`pipeline up: ingest ${pipeline.ingestUrl}, gateway ${pipeline.gatewayUrl}, ClickHouse database ${pipeline.env.CLICKHOUSE_DATABASE}`);
    // Security is on in local development too: these are the run's development tokens (docs/security.md).
    console.log(`development tokens (Authorization: Bearer …): ${ROLES.map((role) => `${role}=${pipeline.token(role)}`).join('  ')}`);
    console.log(`\nsending ${events.length} FY2564 usage events over HTTP:`);
    const accepted = await sendAsPlatforms(pipeline, events, (platform, count) =>
      console.log(`  ${platform.padEnd(14)} ${String(count).padStart(6)} events sent`),
    );
    console.log(`accepted: ${accepted}`);
    const projected = await untilAggregated(clickhouse, accepted, 240_000);
    console.log(`projected into ClickHouse: ${projected.raw} events, ${projected.daily} in the daily aggregate`);
    if (projected.daily < accepted) return undelivered(`${projected.daily} of the ${accepted} accepted events reached the daily aggregate`);
    if ((await showGdx(pipeline, gdxStream, events)) !== 0) return 1;
    await showAttainment(pipeline.gatewayUrl, attainment, await scoreFromClickHouse(clickhouse));
    return 0;
  } finally {
    await clickhouse.close();
    await attainment.close();
    await gdxStream.close();
    await pipeline.stop();
  }
}

export const demoCommand = () =>
  new Command('demo')
    .description('start the pipeline on the local servers, send the FY2564 year of usage over HTTP, print aggregates and the KPI scorecards')
    .action(exitsWith(demo));
