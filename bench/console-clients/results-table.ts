// One markdown row per measured span of a client group: every (batch, client) sample, and each batch's slowest client.
import { percentile } from '../latency-table';
import type { ClientLatencies } from './client-latency';
import type { QueryCounts } from './counting-proxy';

export interface GroupResult {
  name: string;
  clients: ClientLatencies[];
  batches: number;
  windowSeconds: number;
  counts: QueryCounts;
  gatewayCpuSeconds: number;
}

export const GROUP_HEADER = [
  '| gateway | from … to … | samples | missed | p50 ms | p95 ms | p99 ms | max ms | ClickHouse bucket reads/s | other queries/s | gateway CPU s/s |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
].join('\n');

const ms = (sorted: readonly number[], p: number) => (sorted.length === 0 ? '–' : percentile([...sorted], p).toFixed(0));

function spanRow(name: string, span: string, samples: readonly (number | undefined)[], tail: string): string {
  const seen = samples.filter((sample): sample is number => sample !== undefined).sort((a, b) => a - b);
  const cells = [seen.length, samples.length - seen.length, ms(seen, 50), ms(seen, 95), ms(seen, 99), seen.at(-1)?.toFixed(0) ?? '–'];
  return `| ${name} | ${span} | ${cells.join(' | ')} | ${tail}`;
}

const perSecond = (result: GroupResult, n: number) => (n / result.windowSeconds).toFixed(1);
const cpuShare = (result: GroupResult) => (result.gatewayCpuSeconds / result.windowSeconds).toFixed(2);
const everySample = (result: GroupResult) =>
  result.clients
    .flatMap((client) => client.samples)
    .filter((sample): sample is number => sample !== undefined)
    .sort((a, b) => a - b);

export const SUMMARY_HEADER = [
  '| gateway | every client p50 ms, baseline → load | p99 ms, baseline → load | bucket reads/s, baseline → load | gateway CPU s/s, baseline → load |',
  '|---|---|---|---|---|',
].join('\n');

/** One group's figures under load beside its own baseline of the same run. */
export function summaryRow(baseline: GroupResult, load: GroupResult): string {
  const [quiet, busy] = [everySample(baseline), everySample(load)];
  const cells = [
    `${ms(quiet, 50)} → ${ms(busy, 50)}`,
    `${ms(quiet, 99)} → ${ms(busy, 99)}`,
    `${perSecond(baseline, baseline.counts.bucketReads)} → ${perSecond(load, load.counts.bucketReads)}`,
    `${cpuShare(baseline)} → ${cpuShare(load)}`,
  ];
  return `| ${load.name} | ${cells.join(' | ')} |`;
}

export function groupRow(result: GroupResult): string {
  const tail = `${perSecond(result, result.counts.bucketReads)} | ${perSecond(result, result.counts.other)} | ${cpuShare(result)} |`;
  const every = result.clients.flatMap((client) => client.samples);
  const slowest = Array.from({ length: result.batches }, (_, batch) => {
    const seen = result.clients.map((client) => client.samples[batch]);
    return seen.includes(undefined) ? undefined : Math.max(...(seen as number[]));
  });
  return [
    spanRow(result.name, "ingest `200` → the projector's announcement the update names (first client)", result.clients[0]?.announced ?? [], '| | |'),
    spanRow(result.name, 'ingest `200` → the update on every client', every, tail),
    spanRow(result.name, 'ingest `200` → the update on the slowest client per batch', slowest, '| | |'),
  ].join('\n');
}
