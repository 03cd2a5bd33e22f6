import type { UsageEvent } from '@govmetrics/contracts';
import { USAGE_EVENT_TYPE, valueBoundsOf } from '@govmetrics/contracts';
import fc from 'fast-check';
import { personalDataIn } from '../pii-scan';
import { catalog } from './intake.fixtures';

const declared = Object.entries(catalog.platforms).flatMap(([platform, definition]) =>
  Object.entries(definition.metrics).map(([metric, metricDefinition]) => ({ platform, metric, definition: metricDefinition })),
);

// Screened in full, so a run of digits that reads as an ID or a phone number ("a0812345678") is personal data there.
const slug = fc.stringMatching(/^[a-z][a-z0-9_-]{0,30}$/).filter((text) => personalDataIn(text) === undefined);
const fy2564 = fc.date({ min: new Date('2020-10-01T00:00:00+07:00'), max: new Date('2021-05-31T00:00:00Z'), noInvalidDate: true });

/** Any event the catalog allows: within the metric's value bounds, an entity where needed, declared dimensions only, its platform's source. */
export const validEvent: fc.Arbitrary<UsageEvent> = fc
  .record({
    target: fc.constantFrom(...declared),
    id: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,60}$/).filter((id) => personalDataIn(id, 'opaque') === undefined),
    instance: fc.option(slug, { nil: undefined }),
    time: fy2564.map((date) => date.toISOString()),
    subject: fc.option(slug, { nil: undefined }),
    agency: fc.stringMatching(/^[a-z][a-z0-9_-]{0,20}$/),
    fraction: fc.double({ min: 0, max: 1, noNaN: true }),
    whole: fc.boolean(),
    entity: fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `hmac-v1:${hex}`),
    dimensionValue: slug,
  })
  .map(({ target, id, instance, time, subject, agency, fraction, whole, entity, dimensionValue }) => {
    const { definition } = target;
    const { min, max, integer } = valueBoundsOf(definition);
    const within = min + fraction * (max - min);
    const value = integer || whole ? Math.min(max, Math.max(min, Math.round(within))) : within;
    const source = `urn:dga:platform:${target.platform}${instance === undefined ? '' : `/${instance}`}`;
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
