import type { UsageEvent } from '@govmetrics/contracts';
import { USAGE_EVENT_TYPE } from '@govmetrics/contracts';
import fc from 'fast-check';
import { PII_RULE } from './pii-scan';
import { catalog, policy } from './testing/intake.fixtures';
import { validateUsageEvent } from './validate-usage-event';

const declared = Object.entries(catalog.platforms).flatMap(([platform, definition]) =>
  Object.entries(definition.metrics).map(([metric, metricDefinition]) => ({ platform, metric, definition: metricDefinition })),
);

const slug = fc.stringMatching(/^[a-z][a-z0-9_-]{0,30}$/);
const fy2564 = fc.date({ min: new Date('2020-10-01T00:00:00+07:00'), max: new Date('2021-05-31T00:00:00Z'), noInvalidDate: true });

/** Any event the catalog allows: the right value range per kind, an entity where needed, declared dimensions only. */
const validEvent: fc.Arbitrary<UsageEvent> = fc
  .record({
    target: fc.constantFrom(...declared),
    id: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,60}$/),
    source: slug.map((name) => `urn:dga:platform:${name}`),
    time: fy2564.map((date) => date.toISOString()),
    subject: fc.option(slug, { nil: undefined }),
    agency: fc.stringMatching(/^[a-z][a-z0-9_-]{0,20}$/),
    fraction: fc.double({ min: 0, max: 1, noNaN: true }),
    magnitude: fc.double({ min: 0, max: 1e12, noNaN: true }),
    entity: fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `hmac-v1:${hex}`),
    dimensionValue: slug,
  })
  .map(({ target, id, source, time, subject, agency, fraction, magnitude, entity, dimensionValue }) => {
    const { definition } = target;
    const value = definition.kind === 'rating' ? definition.range.min + fraction * (definition.range.max - definition.range.min) : magnitude;
    const dimensions = definition.dimensions.length > 0 ? { [definition.dimensions[0] as string]: dimensionValue } : undefined;
    return {
      specversion: '1.0' as const,
      id,
      source,
      type: USAGE_EVENT_TYPE,
      time,
      ...(subject === undefined ? {} : { subject }),
      data: {
        platform: target.platform,
        metric: target.metric,
        agency,
        value,
        ...(definition.kind === 'distinct' ? { entity } : {}),
        ...(dimensions ? { dimensions } : {}),
      },
    };
  });

const expectWellFormedRejections = (item: unknown) => {
  const validation = validateUsageEvent(item, policy);
  if (validation.valid) return;
  expect(validation.errors.length).toBeGreaterThan(0);
  for (const rejection of validation.errors) {
    expect(rejection.path).toMatch(/^\$/);
    expect(rejection.rule).toMatch(/^[a-z_]+$/);
    expect(typeof rejection.message).toBe('string');
  }
};

describe(`${validateUsageEvent.name} (properties)`, () => {
  it('never throws on arbitrary JSON, and every rejection names a path and a rule', () => {
    fc.assert(fc.property(fc.jsonValue(), expectWellFormedRejections), { numRuns: 500 });
  });

  it('never throws on anything JavaScript can hold (prototypes, symbols, undefined, dates)', () => {
    fc.assert(fc.property(fc.anything({ withDate: true, withMap: true, withSet: true, withBigInt: true, withNullPrototype: true }), expectWellFormedRejections), {
      numRuns: 300,
    });
  });

  it('never throws when any field of a valid event is replaced with arbitrary JSON', () => {
    const paths = [['id'], ['source'], ['time'], ['type'], ['data'], ['data', 'value'], ['data', 'platform'], ['data', 'metric'], ['data', 'entity'], ['data', 'dimensions']];
    fc.assert(
      fc.property(validEvent, fc.constantFrom(...paths), fc.jsonValue(), (event, path, replacement) => {
        const mutated = structuredClone(event) as unknown as Record<string, Record<string, unknown>>;
        if (path.length === 1) (mutated as Record<string, unknown>)[path[0] as string] = replacement;
        else (mutated.data as Record<string, unknown>)[path[1] as string] = replacement;
        expectWellFormedRejections(mutated);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts every event the catalog allows and returns it unchanged', () => {
    fc.assert(
      fc.property(validEvent, (event) => {
        const input = structuredClone(event);
        const validation = validateUsageEvent(input, policy);
        expect(validation).toEqual({ valid: true, event });
        expect(input).toEqual(event);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects a valid event that carries personal data in clear in any string field, at that field, with the PII rule', () => {
    const personalData = fc.oneof(
      fc.constantFrom('1234567890121', '3-1012-00456-78-9', 'somchai@example.co.th', '081-234-5678', '+66812345678'),
      fc.stringMatching(/^[a-z]{1,10}\.[a-z]{1,10}@[a-z]{2,10}\.go\.th$/),
    );
    const fields = [['subject'], ['id'], ['data', 'dimensions', 'any']] as const;
    fc.assert(
      fc.property(validEvent, fc.constantFrom(...fields), personalData, (event, field, pii) => {
        const carrier = structuredClone(event) as unknown as Record<string, unknown> & { data: Record<string, unknown> };
        if (field[0] === 'data') carrier.data.dimensions = { any: pii };
        else carrier[field[0]] = pii;
        const validation = validateUsageEvent(carrier, policy);
        expect(validation.valid).toBe(false);
        if (!validation.valid) expect(validation.errors).toContainEqual(expect.objectContaining({ path: `$.${field.join('.')}`, rule: PII_RULE }));
      }),
      { numRuns: 300 },
    );
  });
});
