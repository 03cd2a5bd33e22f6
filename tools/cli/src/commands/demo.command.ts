import type { UsageEvent } from '@govmetrics/contracts';
import { eventually, Pipeline, requestJson, usageEvent } from '@govmetrics/devkit';
import type { CliCommand } from '../command';

const AGENCIES = ['moph', 'mof', 'moi', 'moe', 'dga'];
const MONTHS = ['2020-10', '2020-11', '2020-12', '2021-01', '2021-02', '2021-03', '2021-04', '2021-05', '2021-06', '2021-07', '2021-08', '2021-09'];

/** A year of GDX API calls: one event per agency per day-of-month sample, values that make a readable total. */
function sampleEvents(): UsageEvent[] {
  return MONTHS.flatMap((month, m) =>
    AGENCIES.flatMap((agency, a) =>
      [1, 8, 15, 22].map((day) =>
        usageEvent({ platform: 'gdx', metric: 'api_calls', agency, value: 1000 * (a + 1) + m }, { time: `${month}-${String(day).padStart(2, '0')}T10:00:00+07:00` }),
      ),
    ),
  );
}

interface TotalAnswer {
  total: number;
  events: number;
}

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'start the pipeline on the local servers, send a sample of GDX usage events, print the aggregates',
  async run() {
    const events = sampleEvents();
    const pipeline = await Pipeline.start({ runId: `demo_${Date.now()}` });
    try {
      console.log(`pipeline up: ingest ${pipeline.ingestUrl}, gateway ${pipeline.gatewayUrl}`);
      const sent = await requestJson(`${pipeline.ingestUrl}/v1/events`, { body: events, headers: pipeline.authHeaders('gdx') });
      console.log(`sent ${events.length} events over HTTP: ${JSON.stringify(sent.body, (key, value: unknown) => (key === 'results' ? undefined : value))}`);
      const base = `${pipeline.gatewayUrl}/v1/aggregates/total?platform=gdx&metric=api_calls&from=2020-10-01&to=2021-09-30`;
      const all = await eventually(
        async () => (await requestJson(base)).body as TotalAnswer,
        (answer) => answer.events >= events.length,
      );
      console.log('\nGDX api_calls, FY2564 (2020-10-01..2021-09-30, Asia/Bangkok), from ClickHouse through the gateway:');
      for (const agency of AGENCIES) {
        const answer = (await requestJson(`${base}&agency=${agency}`)).body as TotalAnswer;
        console.log(`  ${agency.padEnd(8)} ${String(answer.total).padStart(10)}  (${answer.events} events)`);
      }
      console.log(`  ${'all'.padEnd(8)} ${String(all.total).padStart(10)}  (${all.events} events)`);
      const expected = events.reduce((sum, event) => sum + event.data.value, 0);
      console.log(`\nexpected from the events sent: ${expected} — ${expected === all.total ? 'exact' : 'MISMATCH'}`);
      return expected === all.total ? 0 : 1;
    } finally {
      await pipeline.stop();
    }
  },
};
