import type { SeriesAnswer, SeriesFormat } from '@govmetrics/contracts';
import { createHash } from 'node:crypto';

/** A series as a file: the rows, then one trailer line holding the sha256 (hex) of every byte before it. */
export interface SeriesExport {
  contentType: string;
  filename: string;
  body: string;
  sha256: string;
}

const COLUMNS = ['platform', 'metric', 'statistic', 'window', 'zone', 'group', 'start', 'label', 'value', 'events'] as const;
type ExportRow = Record<(typeof COLUMNS)[number], string | number | null>;

function rowsOf(answer: SeriesAnswer): ExportRow[] {
  const { platform, metric, statistic, window, zone } = answer;
  return answer.series.flatMap(({ group, points }) => points.map((point) => ({ platform, metric, statistic, window, zone, group, ...point })));
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
const csvField = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

const LINES: Record<
  Exclude<SeriesFormat, 'json'>,
  { contentType: string; lines: (rows: ExportRow[]) => string[]; trailer: (sha256: string, rows: number) => string }
> = {
  csv: {
    contentType: 'text/csv; charset=utf-8',
    lines: (rows) => [COLUMNS.join(','), ...rows.map((row) => COLUMNS.map((column) => csvField(row[column])).join(','))],
    trailer: (sha256, rows) => `# sha256=${sha256} rows=${rows}`,
  },
  ndjson: {
    contentType: 'application/x-ndjson; charset=utf-8',
    lines: (rows) => rows.map((row) => JSON.stringify(row)),
    trailer: (sha256, rows) => JSON.stringify({ sha256, rows }),
  },
};

/** The series as CSV or NDJSON; `head -n -1 FILE | sha256sum` equals the trailer's (and the `X-Content-SHA256` header's) sha256. */
export function exportSeries(answer: SeriesAnswer, format: Exclude<SeriesFormat, 'json'>): SeriesExport {
  const { contentType, lines, trailer } = LINES[format];
  const rows = rowsOf(answer);
  const data = lines(rows)
    .map((line) => `${line}\n`)
    .join('');
  const sha256 = createHash('sha256').update(data).digest('hex');
  const filename = `${answer.platform}-${answer.metric}-${answer.statistic}-${answer.window}-${answer.from}-${answer.to}.${format}`;
  return { contentType, filename, body: `${data}${trailer(sha256, rows.length)}\n`, sha256 };
}

/** The format asked for: `format=` first, then the Accept header; JSON otherwise. */
export function formatOf(asked: SeriesFormat | undefined, accept: string | undefined): SeriesFormat {
  if (asked !== undefined) return asked;
  if (accept?.includes('text/csv')) return 'csv';
  if (accept?.includes('ndjson')) return 'ndjson';
  return 'json';
}
