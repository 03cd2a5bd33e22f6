import type { UsageEvent } from '@govmetrics/contracts';
import * as contracts from '@govmetrics/contracts';
import type { Screening } from './pii-scan';
import { personalDataIn } from './pii-scan';

// Read once: compiled to CommonJS, every use of a name re-exported by the contracts' index is a call to a generic getter.
const { AGENCY_CODE_PATTERN, ENTITY_ID_PATTERN, MAX_DIMENSIONS, PRINTABLE_PATTERN, SLUG_PATTERN, USAGE_EVENT_TYPE, isWellFormedUnicode } = contracts;
const MAX_TIME_CHARS = 64;
// zod's own ISO date-time pattern for this field, so both paths agree on every string.
const DATETIME_PATTERN = contracts.UsageEventSchema.shape.time._zod.def.pattern;
const ENVELOPE_KEYS = new Set(['specversion', 'id', 'source', 'type', 'time', 'subject', 'datacontenttype', 'data']);
const DATA_KEYS = new Set(['platform', 'metric', 'agency', 'value', 'entity', 'dimensions']);

/** Whether `value` is a direct instance of some realm's Object, as JSON.parse makes (not an array, Date, Map, class instance). */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype !== null && Object.getPrototypeOf(prototype) === null;
}

/** A JSON object with only `allowed` keys; `undefined` members are left to zod, which decides what they mean. */
function plainObject(value: unknown, allowed?: ReadonlySet<string>): value is Record<string, unknown> {
  if (!isJsonObject(value)) return false;
  for (const key of Object.keys(value)) {
    if ((allowed && !allowed.has(key)) || value[key] === undefined) return false;
  }
  return true;
}

const cleanString = (value: unknown, min: number, max: number, pattern?: RegExp, screening: Screening = 'full'): value is string =>
  typeof value === 'string' &&
  value.length >= min &&
  value.length <= max &&
  (!pattern || pattern.test(value)) &&
  isWellFormedUnicode(value) &&
  personalDataIn(value, screening) === undefined;

function cleanDimensions(dimensions: unknown): boolean {
  if (!isJsonObject(dimensions) || Object.keys(dimensions).length > MAX_DIMENSIONS || !plainObject(dimensions)) return false;
  for (const [name, value] of Object.entries(dimensions)) {
    if (!cleanString(name, 1, 64, SLUG_PATTERN) || !cleanString(value, 0, 128, PRINTABLE_PATTERN)) return false;
  }
  return true;
}

/**
 * True only when `item` certainly passes `UsageEventSchema` unchanged and no string in it (values or keys) carries
 * personal data: the shape nearly every event has, checked without zod's copy and the generic PII walk. False
 * means "not certain", never "invalid": the caller then asks zod and `scanForPii`, the authorities on every failure.
 * `usage-event.fast-path.unit.spec.ts` proves with fast-check that a `true` here is always zod's verdict too.
 */
export function isCleanUsageEvent(item: unknown): item is UsageEvent {
  if (!plainObject(item, ENVELOPE_KEYS)) return false;
  const { specversion, id, source, type, time, subject, datacontenttype, data } = item;
  if (
    specversion !== '1.0' ||
    type !== USAGE_EVENT_TYPE ||
    !cleanString(id, 1, 128, PRINTABLE_PATTERN, 'opaque') ||
    !cleanString(source, 1, 256, PRINTABLE_PATTERN)
  )
    return false;
  if (!cleanString(time, 0, MAX_TIME_CHARS, DATETIME_PATTERN)) return false;
  if ((subject !== undefined && !cleanString(subject, 0, 256, PRINTABLE_PATTERN)) || (datacontenttype !== undefined && datacontenttype !== 'application/json'))
    return false;
  if (!plainObject(data, DATA_KEYS)) return false;
  const { platform, metric, agency, value, entity, dimensions } = data;
  if (!cleanString(platform, 1, 64, SLUG_PATTERN) || !cleanString(metric, 1, 64, SLUG_PATTERN) || !cleanString(agency, 1, 64, AGENCY_CODE_PATTERN))
    return false;
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (entity !== undefined && !cleanString(entity, 0, Infinity, ENTITY_ID_PATTERN, 'opaque')) return false;
  return dimensions === undefined || cleanDimensions(dimensions);
}
