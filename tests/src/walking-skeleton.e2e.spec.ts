import { eventually, Pipeline, requestJson, usageEvent } from '@govmetrics/devkit';

describe('a platform team sends usage over HTTP and an operator reads the aggregate', () => {
  let pipeline: Pipeline;

  beforeAll(async () => {
    pipeline = await Pipeline.start();
  }, 120_000);

  afterAll(async () => {
    await pipeline?.stop();
  }, 60_000);

  it('returns exactly the sum of the accepted events, read from ClickHouse through the gateway', async () => {
    // Given GDX reports API calls for two agencies in March 2021
    const events = [
      usageEvent({ agency: 'moph', value: 1200 }),
      usageEvent({ agency: 'moph', value: 34 }),
      usageEvent({ agency: 'mof', value: 5 }, { time: '2021-03-31T23:30:00+07:00' }),
    ];

    // When the platform posts them as one batch
    const sent = await requestJson(`${pipeline.ingestUrl}/v1/events`, { body: events, headers: pipeline.authHeaders('gdx') });

    // Then every event is accepted, durably
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ accepted: 3, duplicate: 0, rejected: 0 });

    // And the gateway reports their exact sum once the projector has written them
    const totalUrl = `${pipeline.gatewayUrl}/v1/aggregates/total?platform=gdx&metric=api_calls`;
    const total = await eventually(
      () => requestJson(totalUrl, { headers: pipeline.roleHeaders('operator') }),
      (answer) => (answer.body as { events: number }).events >= 3,
    );
    expect(total.body).toMatchObject({ total: 1239, events: 3 });

    // And one agency's share is its own events only
    const moph = await requestJson(`${totalUrl}&agency=moph&from=2021-03-01&to=2021-03-31`, { headers: pipeline.roleHeaders('operator') });
    expect(moph.body).toMatchObject({ total: 1234, events: 2 });
  }, 60_000);

  it('rejects a malformed event with the field and the rule, and still accepts its neighbour', async () => {
    const good = usageEvent({ metric: 'datasets', value: 4 });
    const bad = { ...usageEvent(), data: { ...usageEvent().data, value: 'four' } };

    const sent = await requestJson(`${pipeline.ingestUrl}/v1/events`, { body: [good, bad], headers: pipeline.authHeaders('gdx') });

    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({
      accepted: 1,
      duplicate: 0,
      rejected: 1,
      results: [
        { index: 0, status: 'accepted' },
        { index: 1, status: 'rejected', errors: [{ path: '$.data.value', rule: 'invalid_type' }] },
      ],
    });
    const total = await eventually(
      () => requestJson(`${pipeline.gatewayUrl}/v1/aggregates/total?platform=gdx&metric=datasets`, { headers: pipeline.roleHeaders('operator') }),
      (answer) => (answer.body as { events: number }).events >= 1,
    );
    expect(total.body).toMatchObject({ total: 4, events: 1 });
  }, 60_000);
});
