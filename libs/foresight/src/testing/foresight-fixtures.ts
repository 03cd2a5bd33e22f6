import type { Attestation, KpiCatalog, UsageEvent } from '@govmetrics/contracts';
import { USAGE_EVENT_TYPE } from '@govmetrics/contracts';
import { parseCatalog } from '@govmetrics/scoring';
import { addDays } from '../days';

/** The scope the completeness specs declare: GDX's API calls, for every agency. */
export const gdx = { platform: 'gdx', metric: 'api_calls' };

/** A catalog of FY2564 (2020-10-01..2021-09-30) of these scorecards, given as the YAML list under `scorecards:`. */
export function specCatalog(scorecardsYaml: string): KpiCatalog {
  return parseCatalog(`version: 1\nid: spec\nname: spec\nperiod: { kind: fiscal-year, year: 2564 }\nscorecards:${scorecardsYaml}`);
}

/** 10 GDX API calls (moph) a day at noon, Bangkok time, for the first `days` days of FY2564. */
export function dailyCalls(days: number): UsageEvent[] {
  return Array.from({ length: days }, (_, day) => ({
    specversion: '1.0',
    id: `spec-${day}`,
    source: 'urn:test',
    type: USAGE_EVENT_TYPE,
    time: `${addDays('2020-10-01', day)}T12:00:00+07:00`,
    data: { platform: 'gdx', metric: 'api_calls', agency: 'moph', value: 10 },
  }));
}

export function attestation(id: string, value: number, effective: string): Attestation {
  return { id, value, effective, by: 'spec', why: 'spec', evidence: 'spec' };
}
