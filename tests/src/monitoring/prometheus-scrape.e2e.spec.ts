import { Pipeline, requestJson, ServerSentEvents, type ServiceName, usageEvent } from '@govmetrics/devkit';
import { createKafka } from '@govmetrics/kafka';
import { type Sample, TestPrometheus } from './test-prometheus';

const SERVICES: ServiceName[] = ['ingest', 'projector', 'scoring', 'gateway'];

/** `{label values joined by /: value}` of a vector, e.g. `{ 'gdx/accepted': 300 }`. */
const byLabels = (samples: Sample[], ...labels: string[]) =>
  Object.fromEntries(samples.map(({ metric, value }) => [labels.map((label) => metric[label]).join('/'), Number(value[1])]));
const scalar = (samples: Sample[]) => Number(samples[0]?.value[1] ?? Number.NaN);

describe('an operator watches the pipeline in Prometheus while platforms send a known load', () => {
  let pipeline: Pipeline;
  let prometheus: TestPrometheus;

  beforeAll(async () => {
    pipeline = await Pipeline.start({ services: SERVICES });
    prometheus = await TestPrometheus.start(Object.fromEntries(SERVICES.map((name) => [`govmetrics-${name}`, pipeline.metricsUrl(name)])));
  }, 600_000);

  afterAll(async () => {
    prometheus?.stop();
    // The pipeline deletes what its run made: topics, consumer groups, ClickHouse database, claim schema, ledger.
    await pipeline?.stop();
  }, 120_000);

  it('shows verdicts by platform and rule on both intake paths, dead letters, quarantine, the lag back to 0 and the freshness of what was sent', async () => {
    // Every service answers Prometheus' scrapes
    const up = await prometheus.eventually('up', (samples) => samples.length === 4 && samples.every((sample) => sample.value[1] === '1'));
    expect(byLabels(up, 'job')).toEqual({ 'govmetrics-ingest': 1, 'govmetrics-projector': 1, 'govmetrics-scoring': 1, 'govmetrics-gateway': 1 });

    // Given GDX sends 300 API-call events and MailGoThai 200 account counts, the newest two minutes old
    const newest = Math.floor(Date.now() / 1000) - 120;
    const at = (i: number) => new Date((newest - i) * 1000).toISOString();
    const gdx = Array.from({ length: 300 }, (_, i) => usageEvent({ agency: `agency-${i % 3}` }, { time: at(i) }));
    const mailgothai = Array.from({ length: 200 }, (_, i) => usageEvent({ platform: 'mailgothai', metric: 'accounts', value: 5 }, { time: at(i + 1) }));
    const send = async (platform: string, events: unknown[]) => {
      const answer = await requestJson(`${pipeline.ingestUrl}/v1/events`, { body: events, headers: pipeline.authHeaders(platform) });
      expect(answer.status).toBe(200);
    };
    const sendingFrom = Date.now() / 1000;
    for (let i = 0; i < 300; i += 100) await send('gdx', gdx.slice(i, i + 100));
    for (let i = 0; i < 200; i += 100) await send('mailgothai', mailgothai.slice(i, i + 100));
    // And GDX resends its first batch (100 duplicates) and 10 events whose value is not a number
    await send('gdx', gdx.slice(0, 100));
    await send(
      'gdx',
      Array.from({ length: 10 }, () => ({ ...usageEvent(), data: { ...usageEvent().data, value: 'four' } })),
    );

    // Then Prometheus counts exactly the verdicts the ingest answered
    const verdicts = await prometheus.eventually(
      'sum by (platform, verdict, rule) (govmetrics_ingest_verdicts_total{path="http"})',
      (samples) => samples.reduce((sum, sample) => sum + Number(sample.value[1]), 0) === 610,
    );
    expect(byLabels(verdicts, 'platform', 'verdict', 'rule')).toEqual({
      'gdx/accepted/': 300,
      'mailgothai/accepted/': 200,
      'gdx/duplicate/': 100,
      'gdx/rejected/invalid_type': 10,
    });
    const answers = await prometheus.query('sum by (status_code) (govmetrics_http_requests_total{service="ingest", route="/v1/events"})');
    expect(byLabels(answers, 'status_code')).toEqual({ '200': 7 });
    expect(scalar(await prometheus.query('sum(govmetrics_ingest_batch_size_events_count{path="http"})'))).toBe(7);
    expect(scalar(await prometheus.query('sum(govmetrics_ingest_batch_size_events_sum{path="http"})'))).toBe(610);
    // Five batches held accepted events, each one Kafka transaction
    expect(scalar(await prometheus.query('sum(govmetrics_kafka_transaction_duration_seconds_count{path="http"})'))).toBeGreaterThanOrEqual(5);

    // And when a platform writes 20 events and 3 records that break the contract to the raw topic
    const producer = createKafka({ KAFKA_BROKERS: pipeline.kafkaBrokers, KAFKA_CLIENT_ID: 'prometheus-scrape-test' }).producer();
    await producer.connect();
    const raw = [
      ...Array.from({ length: 20 }, (_, i) => usageEvent({ agency: 'raw' }, { time: at(i + 2) })),
      ...Array.from({ length: 3 }, () => ({ ...usageEvent(), data: { ...usageEvent().data, value: 'x' } })),
    ];
    await producer.send({ topic: pipeline.env.RAW_USAGE_TOPIC!, messages: raw.map((event) => ({ value: JSON.stringify(event) })) });
    // And someone writes a record that is no usage event straight to the accepted topic
    await producer.send({ topic: pipeline.env.USAGE_EVENTS_TOPIC!, messages: [{ key: 'gdx:moph', value: 'not an event' }] });
    await producer.disconnect();
    // Then the validator's verdicts are counted too, a dead letter's platform as unknown, and its lag comes back to 0
    const relayed = await prometheus.eventually(
      'sum by (platform, verdict, rule) (govmetrics_ingest_verdicts_total{path="raw_intake"})',
      (samples) => samples.reduce((sum, sample) => sum + Number(sample.value[1]), 0) === 23,
    );
    expect(byLabels(relayed, 'platform', 'verdict', 'rule')).toEqual({ 'gdx/accepted/': 20, 'unknown/rejected/invalid_type': 3 });
    expect(byLabels(await prometheus.query('sum by (rule) (govmetrics_ingest_dead_letters_total)'), 'rule')).toEqual({ invalid_type: 3 });
    const rawLag = await prometheus.eventually('sum(govmetrics_kafka_consumer_lag_messages{service="ingest"})', (samples) => scalar(samples) === 0);
    expect(scalar(rawLag)).toBe(0);
    // And the projector sets that record aside, counted
    const quarantined = await prometheus.eventually('sum by (consumer) (govmetrics_quarantined_records_total)', (samples) => scalar(samples) === 1);
    expect(byLabels(quarantined, 'consumer')).toEqual({ projector: 1 });

    // And the projector folds all 520, each timed from its append to the log, its lag comes back to 0, and its newest event
    // is the one sent two minutes ago
    const folded = await prometheus.eventually('sum(govmetrics_projector_folded_events_total)', (samples) => scalar(samples) >= 520, 120_000);
    expect(scalar(folded)).toBeGreaterThanOrEqual(520);
    expect(scalar(await prometheus.query('sum(govmetrics_projector_log_to_queryable_seconds_count)'))).toBeGreaterThanOrEqual(520);
    const lag = await prometheus.eventually('sum(govmetrics_kafka_consumer_lag_messages{service="projector"})', (samples) => scalar(samples) === 0);
    expect(scalar(lag)).toBe(0);
    expect(scalar(await prometheus.query('govmetrics_projector_newest_event_timestamp_seconds'))).toBe(newest);
    const [freshness] = await prometheus.query('govmetrics_projector_freshness_seconds');
    const [evaluatedAt, seconds] = freshness!.value;
    // Scraped before the query was evaluated: every second, or a few seconds late on a loaded machine.
    expect(Number(seconds)).toBeGreaterThan(evaluatedAt - newest - 15);
    expect(Number(seconds)).toBeLessThanOrEqual(evaluatedAt - newest);

    // And the scoring service scored the announcements and its group's lag is back to 0 too
    const scored = await prometheus.eventually('govmetrics_scoring_last_recompute_timestamp_seconds', (samples) => scalar(samples) >= sendingFrom);
    expect(scalar(scored)).toBeGreaterThanOrEqual(sendingFrom);
    const scoringLag = await prometheus.eventually('sum(govmetrics_kafka_consumer_lag_messages{service="scoring"})', (samples) => scalar(samples) === 0);
    expect(scalar(scoringLag)).toBe(0);
  }, 300_000);

  it('counts the live streams the gateway holds open', async () => {
    const stream = await ServerSentEvents.connect(`${pipeline.gatewayUrl}/v1/attainment/stream`, pipeline.roleHeaders('operator'));
    const open = await prometheus.eventually('govmetrics_gateway_open_streams', (samples) => scalar(samples) === 1);
    expect(scalar(open)).toBe(1);
    await stream.close();
    const closed = await prometheus.eventually('govmetrics_gateway_open_streams', (samples) => scalar(samples) === 0);
    expect(scalar(closed)).toBe(0);
  }, 60_000);
});
