import type { AggregateUpdate } from '@govmetrics/contracts';
import { AggregateUpdateSchema } from '@govmetrics/contracts';
import { Pipeline, requestJson, sendAsPlatforms, type ServerSentEvent, ServerSentEvents, usageEvent } from '@govmetrics/devkit';

const updateOf = (event: ServerSentEvent): AggregateUpdate | undefined => (event.type === 'aggregate' ? AggregateUpdateSchema.parse(event.data) : undefined);
const updatesIn = (stream: ServerSentEvents): AggregateUpdate[] => stream.events.flatMap((event) => updateOf(event) ?? []);

describe('an operator watches a platform’s aggregates rise live through the gateway while it posts usage', () => {
  let pipeline: Pipeline;
  const streams: ServerSentEvents[] = [];
  const open = async (query: string) => {
    const stream = await ServerSentEvents.connect(`${pipeline.gatewayUrl}/v1/aggregates/stream?${query}`, pipeline.roleHeaders('operator'));
    streams.push(stream);
    return stream;
  };

  beforeAll(async () => {
    pipeline = await Pipeline.start({ env: { GATEWAY_HEARTBEAT_MS: '1000', GATEWAY_STREAMS_PER_CLIENT: '4' } });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(streams.map((stream) => stream.close()));
    await pipeline?.stop();
  }, 60_000);

  it('the GDX api_calls stream shows the day’s sum rising to exactly the posted total, and a MailGoThai stream sees none of it', async () => {
    // Given an operator following GDX's API calls and another following MailGoThai
    const gdx = await open('platform=gdx&metric=api_calls');
    const mail = await open('platform=mailgothai');
    expect(gdx.headers.get('content-type')).toMatch(/^text\/event-stream/);

    // When GDX posts four batches of API calls made by moph on 1 March 2021 (Bangkok), one after another, and one new dataset
    // Then after each batch the GDX stream shows moph's 1 March sum reaching exactly the total posted so far
    let posted = 0;
    const latencies: number[] = [];
    let final: AggregateUpdate | undefined;
    for (let batch = 1; batch <= 4; batch += 1) {
      const events = Array.from({ length: 50 }, (_, n) => usageEvent({ agency: 'moph', value: batch * 10 + (n % 7) }));
      expect(await sendAsPlatforms(pipeline, events)).toBe(50);
      const acceptedAt = performance.now();
      posted += events.reduce((sum, event) => sum + event.data.value, 0);
      const shown = await gdx.until((event) => updateOf(event)?.total === posted, 60_000);
      latencies.push(Math.round(shown.receivedAt - acceptedAt));
      final = updateOf(shown);
      if (batch === 2) expect(await sendAsPlatforms(pipeline, [usageEvent({ metric: 'datasets', value: 1 })])).toBe(1);
    }
    expect(final).toMatchObject({ platform: 'gdx', metric: 'api_calls', agency: 'moph', day: '2021-03-01', total: posted, events: 200 });
    // And each update names the announcement, so the operator can find the batch in the log
    expect(final?.announcement.topic).toBe(pipeline.env.USAGE_EVENTS_TOPIC);
    expect(BigInt(final?.announcement.lastOffset ?? '-1')).toBeGreaterThanOrEqual(0n);
    process.stdout.write(`live aggregates: POST 200 → its aggregate event on the stream: ${latencies.join(', ')} ms\n`);

    // And every update it showed for the bucket is newer than the one before: the sum only rises, never repeats
    const sums = updatesIn(gdx).map((update) => [update.events, update.total]);
    expect(sums.length).toBeGreaterThanOrEqual(4);
    for (let n = 1; n < sums.length; n += 1) {
      expect(sums[n]?.[0]).toBeGreaterThan(sums[n - 1]?.[0] ?? 0);
      expect(sums[n]?.[1]).toBeGreaterThan(sums[n - 1]?.[1] ?? 0);
    }
    // And nothing of another metric, even of the same platform
    expect(updatesIn(gdx).every((update) => update.metric === 'api_calls' && update.agency === 'moph')).toBe(true);

    // When MailGoThai then reports its accounts
    expect(await sendAsPlatforms(pipeline, [usageEvent({ platform: 'mailgothai', metric: 'accounts', agency: 'moph', value: 412 })])).toBe(1);

    // Then the MailGoThai stream shows that one bucket and nothing of GDX's, between heartbeats
    const accounts = updateOf(await mail.until((event) => event.type === 'aggregate', 60_000));
    expect(accounts).toMatchObject({ platform: 'mailgothai', metric: 'accounts', agency: 'moph', day: '2021-03-01', total: 412, events: 1 });
    expect(updatesIn(mail)).toHaveLength(1);
    await mail.until((event) => event.type === 'heartbeat', 10_000);
    // And the GDX stream showed nothing of MailGoThai's
    expect(updatesIn(gdx).some((update) => update.platform !== 'gdx')).toBe(false);
  }, 120_000);

  it('a malformed query is refused with each parameter at fault and the rule it broke', async () => {
    const answer = await requestJson(`${pipeline.gatewayUrl}/v1/aggregates/stream?metric=api_calls&agency=${encodeURIComponent('MO PH')}&colour=red`, {
      headers: pipeline.roleHeaders('operator'),
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_query' });
    const errors = (answer.body as { errors: { path: string; rule: string }[] }).errors;
    expect(errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: '$.platform', rule: 'invalid_type' }), expect.objectContaining({ path: '$.agency' })]),
    );
    expect(JSON.stringify(answer.body)).toContain('colour');
  }, 30_000);

  it('a client holding as many streams as allowed is refused the next with 429 too_many_streams, attainment streams counted too', async () => {
    // Given the client holds the two streams of the first story, one more aggregate stream and one attainment stream
    await open('platform=gdx&metric=datasets');
    streams.push(await ServerSentEvents.connect(`${pipeline.gatewayUrl}/v1/attainment/stream`, pipeline.roleHeaders('operator')));
    // When it opens a fifth
    const refused = await requestJson(`${pipeline.gatewayUrl}/v1/aggregates/stream?platform=gin`, { headers: pipeline.roleHeaders('operator') });
    // Then it is refused before any event, naming the scope and the limit
    expect(refused).toMatchObject({ status: 429, body: { error: 'too_many_streams', scope: 'client', limit: 4 } });
  }, 30_000);
});
