import type { UsageEvent } from '@govmetrics/contracts';
import { USAGE_EVENT_TYPE } from '@govmetrics/contracts';
import { createHmac } from 'node:crypto';
import type { StreamSpec } from './fy2564-streams';
import { FY2564_STREAMS } from './fy2564-streams';

const FISCAL_YEAR_START_UTC = Date.UTC(2020, 9, 1);
const DAYS_IN_FY2564 = 365;
const MONTHS = 12;
/** Quarter-end months (December, March, June, September) as indexes into the fiscal year. */
const QUARTER_ENDS = [2, 5, 8, 11];
/** The demo's pseudonymisation key: real platforms keep theirs secret, this one only has to be stable. */
const DEMO_HMAC_KEY = 'govmetrics-demo-fy2564';

/** `YYYY-MM-DD` of the n-th day of FY2564 (0 = 2020-10-01). */
const fiscalDay = (index: number) => new Date(FISCAL_YEAR_START_UTC + index * 86_400_000).toISOString().slice(0, 10);

/** The 28th of the m-th month of FY2564 (0 = October 2020), in Bangkok time. */
const monthTime = (month: number) => {
  const year = month < 3 ? 2020 : 2021;
  const calendarMonth = ((month + 9) % 12) + 1;
  return `${year}-${String(calendarMonth).padStart(2, '0')}-28T12:00:00+07:00`;
};

/** Deterministic pseudonymous entity id of the form the contract asks for: `hmac-v1:<64 hex>`. */
export const demoEntity = (seed: string) => `hmac-v1:${createHmac('sha256', DEMO_HMAC_KEY).update(seed).digest('hex')}`;

/** Splits a whole total into `parts` positive whole shares that vary a little and add up exactly. */
export function splitTotal(total: number, parts: number): number[] {
  if (!Number.isInteger(total) || total < parts) throw new RangeError(`cannot split ${total} into ${parts} positive whole shares`);
  const weights = Array.from({ length: parts }, (_, i) => 3 + (i % 5));
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  const spare = total - parts;
  const shares = weights.map((weight) => 1 + Math.floor((spare * weight) / weightSum));
  let remainder = total - shares.reduce((sum, share) => sum + share, 0);
  for (let i = 0; remainder > 0; i = (i + 1) % parts, remainder -= 1) shares[i] = (shares[i] ?? 0) + 1;
  return shares;
}

const agencyCodes = (agencies: StreamSpec['agencies']): readonly string[] =>
  typeof agencies === 'number' ? Array.from({ length: agencies }, (_, i) => `gov-${String(i + 1).padStart(4, '0')}`) : agencies;

interface Observation {
  agency: string;
  value: number;
  time: string;
  entity?: string;
}

function observations(spec: StreamSpec): Observation[] {
  const agencies = agencyCodes(spec.agencies);
  switch (spec.kind) {
    case 'counter': {
      // Small totals: one event per unit, so every agency appears; large ones: one event per agency and month.
      if (spec.total <= agencies.length * MONTHS) {
        if (spec.total < agencies.length)
          throw new RangeError(`${spec.platform}/${spec.metric}: ${spec.total} units cannot come from ${agencies.length} agencies`);
        return Array.from({ length: spec.total }, (_, i) => ({ agency: agencies[i % agencies.length] ?? '', value: 1, time: monthTime(i % MONTHS) }));
      }
      const shares = splitTotal(spec.total, agencies.length * MONTHS);
      return shares.map((value, i) => ({ agency: agencies[i % agencies.length] ?? '', value, time: monthTime(Math.floor(i / agencies.length)) }));
    }
    case 'gauge': {
      const finals = splitTotal(spec.total, agencies.length);
      return QUARTER_ENDS.flatMap((month, quarter) =>
        finals.map((final, a) => ({ agency: agencies[a] ?? '', value: Math.ceil((final * (quarter + 1)) / QUARTER_ENDS.length), time: monthTime(month) })),
      );
    }
    case 'distinct': {
      const count = spec.events ?? spec.total;
      return Array.from({ length: count }, (_, i) => ({
        agency: agencies[i % agencies.length] ?? '',
        value: 1,
        time: `${fiscalDay(Math.floor((i * DAYS_IN_FY2564) / count))}T09:00:00+07:00`,
        entity: demoEntity(`${spec.platform}/${spec.metric}/${i % spec.total}`),
      }));
    }
    case 'rating': {
      // Pairs mirrored around the mean: their average is exactly `total`.
      const offsets = [-1.5, 1.5, -0.5, 0.5, -2.5, 2.5];
      return Array.from({ length: MONTHS }, (_, i) => ({
        agency: agencies[i % agencies.length] ?? '',
        value: spec.total + (offsets[i % offsets.length] ?? 0),
        time: monthTime(i),
      }));
    }
  }
}

function streamEvents(spec: StreamSpec): UsageEvent[] {
  const dimensionTag = Object.values(spec.dimensions ?? {}).join('-');
  const prefix = ['fy2564', spec.platform, spec.metric, dimensionTag].filter(Boolean).join('-');
  return observations(spec).map((observation, seq) => ({
    specversion: '1.0',
    id: `${prefix}-${seq}`,
    source: `urn:dga:platform:${spec.platform}`,
    type: USAGE_EVENT_TYPE,
    time: observation.time,
    data: {
      platform: spec.platform,
      metric: spec.metric,
      agency: observation.agency,
      value: observation.value,
      ...(observation.entity === undefined ? {} : { entity: observation.entity }),
      ...(spec.dimensions === undefined ? {} : { dimensions: { ...spec.dimensions } }),
    },
  }));
}

/**
 * FY2564 usage events of every platform the report counts, deterministic, whose aggregates over the fiscal
 * year equal the printed figures (see FY2564_STREAMS). Sorted by event time, as platforms would send them.
 */
export function generateFy2564(streams: readonly StreamSpec[] = FY2564_STREAMS): UsageEvent[] {
  return streams.flatMap(streamEvents).sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || (a.id < b.id ? -1 : 1));
}
