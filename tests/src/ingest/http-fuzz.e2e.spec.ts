import type { IngestAnswer } from '@govmetrics/contracts';
import { eventually, Pipeline, requestJson, usageEvent } from '@govmetrics/devkit';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';

/**
 * Property-based fuzz of the HTTP intake against the running ingest, projector and gateway: at least 10,000 generated
 * NDJSON lines, most of them hostile (arbitrary Unicode with lone surrogates, huge and non-finite numbers, prototype
 * keys, deep nesting, lines that are not JSON), among valid events and their resends. No answer may be a 5xx, every line
 * gets a verdict, and what the ingest called accepted must be exactly what the gateway counts — computed here, from the
 * lines themselves, independently of the pipeline.
 */
const LINES = 10_000;
const BATCH = 250;
const SEED = Number(process.env.FUZZ_SEED ?? 20211001);

const run = randomBytes(3).toString('hex');
const AGENCIES = ['moph', 'mof', 'dga', `fz-${run}`];
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const PATHS = [
  ['id'],
  ['source'],
  ['time'],
  ['subject'],
  ['type'],
  ['specversion'],
  ['data'],
  ['data', 'platform'],
  ['data', 'metric'],
  ['data', 'agency'],
  ['data', 'value'],
  ['data', 'dimensions'],
  ['data', 'entity'],
  ['extra'],
];

/** JSON number tokens that `JSON.stringify` cannot write: spliced in as text. */
const NUMBER_TOKENS = ['1e999', '-1e999', '1e308', '-0', '5e-324', '123456789012345678901234567890', '0.1', '9007199254740993', '1e9', '1000000001'];

const deepNesting = fc.integer({ min: 10, max: 5000 }).map((depth) => `${'['.repeat(depth)}1${']'.repeat(depth)}`);
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(...PROTOTYPE_KEYS),
  fc.integer({ min: 129, max: 70_000 }).map((length) => 'a'.repeat(length)),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ unit: 'binary', maxLength: 8 })), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
  fc.double(),
  fc.integer(),
);

type Line = { kind: 'valid' | 'mutated' | 'token' | 'nested' | 'garbage'; text: string };

/** A valid counter event of GDX's, on one of a few agencies, with an integer value. */
const validEvent = fc
  .record({ id: fc.uuid(), agency: fc.constantFrom(...AGENCIES), value: fc.integer({ min: 0, max: 1_000_000 }), service: fc.constantFrom('a', 'b') })
  .map(({ id, agency, value, service }) =>
    usageEvent({ agency, value, dimensions: { service } }, { id: `fz-${run}-${id}`, time: '2021-06-15T09:30:00+07:00' }),
  );

const setAt = (target: Record<string, unknown>, path: readonly string[], value: unknown): void => {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    Object.defineProperty(target, head, { value, enumerable: true, writable: true, configurable: true });
    return;
  }
  const inner = target[head];
  if (typeof inner === 'object' && inner !== null) setAt(inner as Record<string, unknown>, rest, value);
};

const line: fc.Arbitrary<Line> = fc.oneof(
  { weight: 4, arbitrary: validEvent.map((event) => ({ kind: 'valid' as const, text: JSON.stringify(event) })) },
  {
    weight: 4,
    arbitrary: fc.tuple(validEvent, fc.constantFrom(...PATHS), hostileValue).map(([event, path, value]) => {
      const mutated = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
      setAt(mutated, path, value);
      return { kind: 'mutated' as const, text: JSON.stringify(mutated) };
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(validEvent, fc.constantFrom(...NUMBER_TOKENS))
      .map(([event, token]) => ({ kind: 'token' as const, text: JSON.stringify(event).replace(/"value":\d+/, `"value":${token}`) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(validEvent, deepNesting)
      .map(([event, nested]) => ({ kind: 'nested' as const, text: JSON.stringify(event).replace(/}}$/, `},"extra":${nested}}`) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: 'binary', minLength: 1, maxLength: 60 })
      .filter((text) => !text.includes('\n') && text.trim().length > 0)
      .map((text) => ({ kind: 'garbage' as const, text })),
  },
);

interface Tally {
  total: number;
  events: number;
}

describe('a fuzzing platform sends 10,000 generated lines over HTTP to the running pipeline', () => {
  let pipeline: Pipeline;

  beforeAll(async () => {
    pipeline = await Pipeline.start({ env: { RATE_LIMIT_EVENTS_PER_SECOND: '100000', RATE_LIMIT_BURST: '100000' } });
  }, 120_000);

  afterAll(async () => {
    await pipeline?.stop();
  }, 60_000);

  it('answers every line without a 5xx, and the gateway counts exactly the accepted events, each once', async () => {
    const lines = fc.sample(line, { numRuns: LINES, seed: SEED });
    // Resends: 2% of the valid lines again, unchanged; each must be answered duplicate and counted once.
    const resends = lines.filter((generated) => generated.kind === 'valid').slice(0, LINES / 50);
    const all = [...lines, ...resends];
    const expected = new Map<string, Tally>();
    const statuses: Record<string, number> = {};
    const verdicts = { accepted: 0, duplicate: 0, rejected: 0 };

    for (let start = 0; start < all.length; start += BATCH) {
      const batch = all.slice(start, start + BATCH);
      const response = await fetch(`${pipeline.ingestUrl}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', ...pipeline.authHeaders('gdx') },
        body: batch.map((generated) => generated.text).join('\n'),
      });
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      if (response.status !== 200) continue;
      const answer = (await response.json()) as IngestAnswer;
      expect(answer.results).toHaveLength(batch.length);
      for (const verdict of answer.results) {
        verdicts[verdict.status] += 1;
        if (verdict.status !== 'accepted') continue;
        const event = JSON.parse(batch[verdict.index]?.text ?? 'null') as { data: { platform: string; metric: string; agency: string; value: number } };
        const key = `${event.data.platform}|${event.data.metric}|${event.data.agency}`;
        const tally = expected.get(key) ?? { total: 0, events: 0 };
        expected.set(key, { total: tally.total + event.data.value, events: tally.events + 1 });
      }
    }

    // No answer is a server error, every batch was judged, and the resends were all recognised.
    expect(Object.keys(statuses).filter((status) => Number(status) >= 500)).toEqual([]);
    expect(statuses).toEqual({ 200: Math.ceil(all.length / BATCH) });
    expect(verdicts.accepted + verdicts.duplicate + verdicts.rejected).toBe(all.length);
    expect(verdicts.duplicate).toBeGreaterThanOrEqual(resends.length);
    expect(verdicts.rejected).toBeGreaterThan(LINES / 4);

    // And every accepted event is counted, exactly once, on every partition it went to: nothing stuck, nothing twice.
    for (const [key, tally] of expected) {
      const [platform, metric, agency] = key.split('|') as [string, string, string];
      const url =
        `${pipeline.gatewayUrl}/v1/aggregates/total?platform=${encodeURIComponent(platform)}&metric=${encodeURIComponent(metric)}` +
        `&agency=${encodeURIComponent(agency)}`;
      const counted = await eventually(
        () => requestJson(url, { headers: pipeline.roleHeaders('operator') }),
        (answer) => (answer.body as Partial<Tally>).events === tally.events,
        30_000,
      );
      const { total, events } = counted.body as Tally;
      expect({ key, total, events }).toEqual({ key, ...tally });
    }
  }, 600_000);
});
