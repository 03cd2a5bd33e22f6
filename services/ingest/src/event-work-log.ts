import type { EventVerdict } from '@govmetrics/contracts';
import { isWellFormedUnicode } from '@govmetrics/contracts';
import { personalDataIn, screeningAt } from '@govmetrics/ingestion';

/** The contract's longest source: anything longer is not named in a log, whatever it holds. */
const MAX_NAMED_CHARS = 256;

/** Per batch, this many rejected events get a line of their own; one more line counts the rest. */
export const REJECTION_LINES_PER_BATCH = 100;

/** What a log line names of an event: who sent it and which it was. */
export interface EventNames {
  source?: string;
  id?: string;
  platform?: string;
}

function nameAt(value: unknown, path: string): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_NAMED_CHARS || !isWellFormedUnicode(value)) return undefined;
  // Screened here again: a refused event's own screening may have been cut short by the rejection caps.
  return personalDataIn(value, screeningAt(path)) === undefined ? value : undefined;
}

/**
 * What a log line may name of a judged item: its source, id and claimed platform, each only when it is a short,
 * well-formed string with no personal data in it. Never any other part of the event.
 */
export function eventNames(item: unknown): EventNames {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return {};
  const { source, id, data } = item as Record<string, unknown>;
  const platform = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).platform : undefined;
  const names = { source: nameAt(source, '$.source'), id: nameAt(id, '$.id'), platform: nameAt(platform, '$.data.platform') };
  return Object.fromEntries(Object.entries(names).filter(([, name]) => name !== undefined));
}

/** One log line: its message and its fields. */
export interface EventWorkLine {
  msg: string;
  fields: Record<string, unknown>;
}

/**
 * A line per rejected event of a judged batch, with what `describe` says of it (its names, where it came from) and
 * the first rule it broke; past {@link REJECTION_LINES_PER_BATCH}, one line counting the rest, so a batch of
 * garbage cannot flood the log.
 */
export function rejectionLines(msg: string, verdicts: readonly EventVerdict[], describe: (index: number) => Record<string, unknown>): EventWorkLine[] {
  const rejected = verdicts.flatMap((verdict) => (verdict.status === 'rejected' ? [verdict] : []));
  const lines = rejected.slice(0, REJECTION_LINES_PER_BATCH).map(({ index, errors }) => ({
    msg,
    fields: { ...describe(index), index, rule: errors[0]?.rule, path: errors[0]?.path, rules: errors.length },
  }));
  const unlisted = rejected.length - lines.length;
  return unlisted > 0 ? [...lines, { msg: `${msg}: ${unlisted} more of this batch not listed`, fields: { unlisted } }] : lines;
}
