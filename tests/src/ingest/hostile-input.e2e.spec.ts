import type { IngestAnswer, Rejection, UsageEvent } from '@govmetrics/contracts';
import { eventually, Pipeline, requestJson, usageEvent } from '@govmetrics/devkit';
import { isThaiNationalId } from '@govmetrics/ingestion';
import { randomBytes } from 'node:crypto';

/**
 * Issue 8's findings, each sent exactly as it was seen against a running pipeline: the hostile input gets a clear rejection
 * naming its path and rule, and a valid event sent after it on the same partition (same platform and agency) is counted
 * within seconds — nothing the hostile event did holds the pipeline back.
 */
describe('a careless or hostile platform sends what the contract must refuse, and the pipeline keeps counting', () => {
  let pipeline: Pipeline;

  beforeAll(async () => {
    pipeline = await Pipeline.start();
  }, 120_000);

  afterAll(async () => {
    await pipeline?.stop();
  }, 60_000);

  /** An agency of this test alone, so that each story's totals are its own. */
  const freshAgency = () => `ag-${randomBytes(4).toString('hex')}`;

  const send = async (platform: string, batch: unknown[]) => {
    const answer = await requestJson(`${pipeline.ingestUrl}/v1/events`, { body: batch, headers: pipeline.authHeaders(platform) });
    expect(answer.status).toBe(200);
    return answer.body as IngestAnswer;
  };

  const rejectionsOf = (answer: IngestAnswer, index: number): Rejection[] => {
    const verdict = answer.results[index];
    return verdict?.status === 'rejected' ? verdict.errors : [];
  };

  /** Sends a valid event on the same key as the hostile one and waits until the gateway counts it. */
  const laterEventIsCounted = async (agency: string, expected: { total: number; events: number }, platform = 'gdx', metric = 'api_calls') => {
    const later = await send(platform, [usageEvent({ platform, metric, agency, value: 7 })]);
    expect(later).toMatchObject({ accepted: 1 });
    const url = `${pipeline.gatewayUrl}/v1/aggregates/total?platform=${platform}&metric=${metric}&agency=${agency}`;
    const total = await eventually(
      () => requestJson(url, { headers: pipeline.roleHeaders('operator') }),
      (answer) => (answer.body as { events?: number }).events === expected.events,
      15_000,
    );
    expect(total.body).toMatchObject(expected);
  };

  it('refuses an id holding a lone UTF-16 surrogate at $.id, and the partition keeps flowing', async () => {
    const agency = freshAgency();
    const answer = await send('gdx', [usageEvent({ agency }, { id: 'x\ud800' })]);

    expect(answer).toMatchObject({ accepted: 0, rejected: 1 });
    expect(rejectionsOf(answer, 0)).toContainEqual(expect.objectContaining({ path: '$.id', rule: 'malformed_unicode' }));
    await laterEventIsCounted(agency, { total: 7, events: 1 });
  }, 60_000);

  it('answers metric "constructor" as an undeclared metric, with or without dimensions, never with a 500', async () => {
    const agency = freshAgency();
    const answer = await send('gdx', [
      usageEvent({ agency, metric: 'constructor' }),
      usageEvent({ agency, metric: 'constructor', dimensions: { service: 'x' } }),
    ]);

    expect(answer).toMatchObject({ accepted: 0, rejected: 2 });
    for (const index of [0, 1])
      expect(rejectionsOf(answer, index)).toContainEqual(expect.objectContaining({ path: '$.data.metric', rule: 'undeclared_metric' }));
    await laterEventIsCounted(agency, { total: 7, events: 1 });
  }, 60_000);

  it('answers a 0.9 MB event holding 100,000 e-mail-like strings with a bounded list that names the first path and rule', async () => {
    const agency = freshAgency();
    const hostile = { ...usageEvent({ agency }), tags: Array.from({ length: 100_000 }, (_, n) => `u${n}@x.co`) };
    expect(JSON.stringify(hostile).length).toBeGreaterThan(900_000);

    const response = await fetch(`${pipeline.ingestUrl}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...pipeline.authHeaders('gdx') },
      body: JSON.stringify([hostile]),
    });
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(text.length).toBeLessThan(64 * 1024);
    const answer = JSON.parse(text) as IngestAnswer;
    const rejections = rejectionsOf(answer, 0);
    expect(rejections).toContainEqual(expect.objectContaining({ path: '$.tags[0]', rule: 'pii_in_clear' }));
    expect(rejections.at(-1)).toMatchObject({ path: '$', rule: 'too_many_errors' });
    await laterEventIsCounted(agency, { total: 7, events: 1 });
  }, 60_000);

  it("refuses GDX's event under MailGoThai's source, so MailGoThai's own event with that id is still accepted", async () => {
    const agency = freshAgency();
    const id = `mail-${randomBytes(6).toString('hex')}`;
    const spoofed = usageEvent({ agency, value: 1 }, { id, source: 'urn:dga:platform:mailgothai' });

    const fromGdx = await send('gdx', [spoofed]);
    const fromMailGoThai = await send('mailgothai', [usageEvent({ platform: 'mailgothai', metric: 'accounts', agency, value: 42 }, { id })]);

    expect(rejectionsOf(fromGdx, 0)).toContainEqual(expect.objectContaining({ path: '$.source', rule: 'source_not_of_platform' }));
    expect(fromMailGoThai).toMatchObject({ accepted: 1, duplicate: 0, rejected: 0 });
    await laterEventIsCounted(agency, { total: 7, events: 1 });
  }, 60_000);

  it('refuses values a sum cannot hold (1e308 twice) instead of letting a total overflow to 0', async () => {
    const agency = freshAgency();
    const answer = await send('gdx', [usageEvent({ agency, value: 1e308 }), usageEvent({ agency, value: 1e308 })]);

    expect(answer).toMatchObject({ accepted: 0, rejected: 2 });
    for (const index of [0, 1])
      expect(rejectionsOf(answer, index)).toContainEqual(expect.objectContaining({ path: '$.data.value', rule: 'value_out_of_range' }));
    await laterEventIsCounted(agency, { total: 7, events: 1 });
  }, 60_000);

  it.each([
    ['Thai digits', '๑๑๐๑๗๐๐๒๐๗๓๖๖'],
    ['an ID glued to a letter', 'x1101700207366'],
    ['a full-width @', 'somchai＠example.co.th'],
    ['a Thai-script address', 'สมชาย@ตัวอย่าง.ไทย'],
    ['dots between digit groups', '081.234.5678'],
    ['a bracketed area code', '(081) 234 5678'],
    ['the 0066 international prefix', '0066812345678'],
  ])(
    'refuses personal data written with %s, in a subject and in a dimension value',
    async (_form, personal) => {
      const agency = freshAgency();
      const answer = await send('gdx', [usageEvent({ agency }, { subject: personal }), usageEvent({ agency, dimensions: { service: personal } })]);

      expect(answer).toMatchObject({ accepted: 0, rejected: 2 });
      expect(rejectionsOf(answer, 0)).toContainEqual(expect.objectContaining({ path: '$.subject', rule: 'pii_in_clear' }));
      expect(rejectionsOf(answer, 1)).toContainEqual(expect.objectContaining({ path: '$.data.dimensions.service', rule: 'pii_in_clear' }));
      await laterEventIsCounted(agency, { total: 7, events: 1 });
    },
    60_000,
  );

  it('never refuses an event id built on a millisecond timestamp, even when its digits pass the national ID checksum', async () => {
    const agency = freshAgency();
    const start = Date.parse('2021-04-01T00:00:00Z');
    const stamps = Array.from({ length: 200 }, (_, n) => start + n * 7919);
    const checksumPassing = stamps.filter((stamp) => isThaiNationalId(String(stamp)));
    expect(checksumPassing.length).toBeGreaterThan(5);
    const events: UsageEvent[] = stamps.flatMap((stamp) => [
      usageEvent({ agency, value: 1 }, { id: `evt-${stamp}` }),
      usageEvent({ agency, value: 1 }, { id: String(stamp) }),
    ]);

    const answer = await send('gdx', events);

    expect(answer).toMatchObject({ accepted: events.length, rejected: 0 });
    await laterEventIsCounted(agency, { total: events.length + 7, events: events.length + 1 });
  }, 60_000);
});
