import type { ClickHouseClient } from '@clickhouse/client';
import { toClickHouseError } from '@govmetrics/clickhouse';
import type { CompletenessLedger, ObservedUsage } from '@govmetrics/foresight';

type Declared = ReturnType<CompletenessLedger['entries']>[number];

/** Declared days per query: each costs a key and a time in the query text, which ClickHouse bounds (max_query_size, 256 KiB). */
const DAYS_PER_QUERY = 1000;
/** Later than any projection: the threshold of a day nobody declared. */
const NEVER = 4_294_967_295;

const BANGKOK_DAY = `toString(toDate(toTimeZone(event_time, 'Asia/Bangkok')))`;
const DAY_KEY = `concat(platform, '|', metric, '|', ${BANGKOK_DAY})`;
const AGENCY_DAY_KEY = `concat(${DAY_KEY}, '|', agency)`;

const quoted = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const dayKey = ({ scope, day }: Declared) => `${scope.platform}|${scope.metric}|${day}`;

/** When a key's day became complete, in Unix seconds, looked up on the server; NEVER for a key not declared. */
function threshold(key: string, declared: readonly Declared[], keyOf: (entry: Declared) => string): string {
  if (declared.length === 0) return String(NEVER);
  const keys = declared.map((entry) => quoted(keyOf(entry))).join(',');
  const seconds = declared.map((entry) => Math.floor(Date.parse(entry.declaredAt) / 1000)).join(',');
  return `transform(${key}, [${keys}], [${seconds}], ${NEVER})`;
}

/** Events of the chunk's declared days projected after their day was complete (for every agency, or for theirs), per agency. */
function lateEventsQuery(chunk: readonly Declared[]): string {
  const everyAgency = chunk.filter((entry) => entry.scope.agency === undefined);
  const oneAgency = chunk.filter((entry) => entry.scope.agency !== undefined);
  const days = [...new Set(chunk.map(dayKey))].map(quoted).join(',');
  return `SELECT platform, metric, agency, count() AS late FROM usage_events
          WHERE ${DAY_KEY} IN (${days})
            AND toUnixTimestamp(projected_at) > least(${threshold(DAY_KEY, everyAgency, dayKey)},
                                                     ${threshold(AGENCY_DAY_KEY, oneAgency, (entry) => `${dayKey(entry)}|${entry.scope.agency ?? ''}`)})
          GROUP BY platform, metric, agency`;
}

/** The declared days in chunks that never split one day's declarations, so no late event is counted twice. */
function chunks(declared: readonly Declared[]): Declared[][] {
  const byDay = new Map<string, Declared[]>();
  for (const entry of declared) byDay.set(dayKey(entry), [...(byDay.get(dayKey(entry)) ?? []), entry]);
  const packed: Declared[][] = [];
  for (const group of byDay.values()) {
    const last = packed.at(-1);
    if (last && last.length + group.length <= DAYS_PER_QUERY) last.push(...group);
    else packed.push([...group]);
  }
  return packed;
}

async function rows<T>(clickhouse: ClickHouseClient, query: string): Promise<T[]> {
  const result = await clickhouse.query({ query, format: 'JSONEachRow' });
  return result.json<T>();
}

/**
 * Per platform, metric and agency in the read model: its newest event time, and its events projected after their Bangkok
 * day had been declared complete (late: counted all the same). Full scans of `usage_events`, one plus one per chunk of
 * declared days: an operator's page, not a hot path.
 */
export async function readObservedUsage(clickhouse: ClickHouseClient, declared: readonly Declared[]): Promise<ObservedUsage[]> {
  type Key = { platform: string; metric: string; agency: string };
  try {
    const newest = await rows<Key & { newest: string | number }>(
      clickhouse,
      `SELECT platform, metric, agency, toUnixTimestamp(max(event_time)) AS newest FROM usage_events GROUP BY platform, metric, agency`,
    );
    const late = new Map<string, number>();
    for (const chunk of chunks(declared)) {
      for (const row of await rows<Key & { late: string | number }>(clickhouse, lateEventsQuery(chunk))) {
        const key = JSON.stringify([row.platform, row.metric, row.agency]);
        late.set(key, (late.get(key) ?? 0) + Number(row.late));
      }
    }
    return newest.map(({ platform, metric, agency, newest: seconds }) => ({
      platform,
      metric,
      agency,
      lastEventTime: new Date(Number(seconds) * 1000).toISOString(),
      lateEvents: late.get(JSON.stringify([platform, metric, agency])) ?? 0,
    }));
  } catch (error) {
    throw toClickHouseError('completeness read model query', error);
  }
}
