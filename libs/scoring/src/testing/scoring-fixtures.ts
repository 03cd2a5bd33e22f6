import type { Attestation, UsageData, UsageEvent } from '@govmetrics/contracts';
import { USAGE_EVENT_TYPE } from '@govmetrics/contracts';
import { parseCatalog } from '../catalog/parse-catalog';
import { InMemoryAggregateReader } from '../reference/in-memory-aggregate-reader';
import type { ScorecardReport } from '../report/scorecard-report';
import { scoreCatalog } from '../score-catalog';

let sequence = 0;

/** A usage event of FY2564 (Bangkok time), for specs. */
export function event(data: Partial<UsageData> & Pick<UsageData, 'platform' | 'metric'>, time = '2021-03-01T10:00:00+07:00'): UsageEvent {
  sequence += 1;
  return { specversion: '1.0', id: `spec-${sequence}`, source: 'urn:test', type: USAGE_EVENT_TYPE, time, data: { agency: 'moph', value: 1, ...data } };
}

export function attestation(id: string, value: number | boolean, effective = '2021-09-30'): Attestation {
  return { id, value, effective, by: 'spec', why: 'spec', evidence: 'spec' };
}

/** Scores a catalog given as YAML (scorecards only; period FY2564) over in-memory events. */
export async function scoreYaml(
  scorecardsYaml: string,
  events: UsageEvent[] = [],
  attestations: Attestation[] = [],
  asOf = '2021-09-30',
): Promise<ScorecardReport> {
  const catalog = parseCatalog(`version: 1\nid: spec\nname: spec\nperiod: { kind: fiscal-year, year: 2564 }\nscorecards:\n${scorecardsYaml}`);
  return scoreCatalog(catalog, { reader: new InMemoryAggregateReader(events), attestations }, asOf);
}
