import type { UsageEvent } from '@govmetrics/contracts';
import { bangkokDay } from '@govmetrics/contracts';
import type { MetricQuery, RunningAggregateReader } from '../ports/aggregate-reader.port';

interface Row {
  id: string;
  day: string;
  /** Whole seconds, like ClickHouse's DateTime: ties on the second are broken by event id. */
  second: number;
  agency: string;
  value: number;
  entity?: string;
  dimensions?: Readonly<Record<string, string>>;
}

const later = (a: Row, b: Row) => a.second > b.second || (a.second === b.second && a.id > b.id);

/**
 * The AggregateReader port computed straight from usage events, in memory: the reference the ClickHouse adapter
 * is checked against, and the reader of `score --events`. Duplicate event ids count once (the first seen), as in
 * the deduplicated read model; events without an entity do not count towards `distinct`.
 */
export class InMemoryAggregateReader implements RunningAggregateReader {
  private readonly rows = new Map<string, Row[]>();

  constructor(events: Iterable<UsageEvent>) {
    const seen = new Set<string>();
    for (const event of events) {
      if (seen.has(event.id)) continue;
      seen.add(event.id);
      const epochMs = Date.parse(event.time);
      const { platform, metric, agency, value, entity, dimensions } = event.data;
      const key = `${platform}\u0000${metric}`;
      const bucket = this.rows.get(key) ?? [];
      bucket.push({ id: event.id, day: bangkokDay(epochMs), second: Math.floor(epochMs / 1000), agency, value, entity, dimensions });
      this.rows.set(key, bucket);
    }
  }

  read(query: MetricQuery): Promise<number | null> {
    const agencies = query.agencies ? new Set(query.agencies) : undefined;
    const wanted = Object.entries(query.dimensions ?? {});
    const rows = (this.rows.get(`${query.platform}\u0000${query.metric}`) ?? []).filter(
      (row) =>
        row.day >= query.fromDay &&
        row.day <= query.toDay &&
        (!agencies || agencies.has(row.agency)) &&
        wanted.every(([name, value]) => row.dimensions?.[name] === value),
    );
    return Promise.resolve(rows.length === 0 ? null : statistic(query.statistic, rows));
  }

  /** Each day's value computed on its own, by `read`: the reference a running read over stored aggregates is checked against. */
  readRunning(query: MetricQuery): Promise<(number | null)[]> {
    const days: string[] = [];
    for (let day = query.fromDay; day <= query.toDay; day = nextDay(day)) days.push(day);
    return Promise.all(days.map((day) => this.read({ ...query, toDay: day })));
  }
}

const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function statistic(kind: MetricQuery['statistic'], rows: readonly Row[]): number {
  const sum = () => rows.reduce((total, row) => total + row.value, 0);
  switch (kind) {
    case 'sum':
      return sum();
    case 'count':
      return rows.length;
    case 'average':
      return sum() / rows.length;
    case 'latest': {
      const latest = new Map<string, Row>();
      for (const row of rows) {
        const current = latest.get(row.agency);
        if (!current || later(row, current)) latest.set(row.agency, row);
      }
      return [...latest.values()].reduce((total, row) => total + row.value, 0);
    }
    case 'distinct':
      return new Set(rows.flatMap((row) => (row.entity === undefined ? [] : [row.entity]))).size;
    case 'agencies':
      return new Set(rows.map((row) => row.agency)).size;
  }
}
