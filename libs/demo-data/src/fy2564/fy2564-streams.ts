/**
 * What each platform streamed in FY2564, as the annual report prints it (../shared/domain/BRIEF.md §1–§3).
 * The generator turns each line into events whose aggregate over the fiscal year is exactly `total`:
 * - `counter`: values summed (`sum`); few events carrying large values;
 * - `gauge`: quarterly snapshots per agency growing to the final level (`latest`, summed over agencies);
 * - `distinct`: one event per occurrence, `total` distinct pseudonymous entities (`distinct`);
 * - `rating`: scores whose mean is `total` (`average`).
 * `agencies` is the number of distinct agencies the events come from (`agencies`), or the agency codes.
 */
export type StreamKind = 'counter' | 'gauge' | 'distinct' | 'rating';

export interface StreamSpec {
  platform: string;
  metric: string;
  kind: StreamKind;
  total: number;
  agencies: number | readonly string[];
  /** For `distinct`: how many events carry the `total` entities (some entities recur). */
  events?: number;
  dimensions?: Readonly<Record<string, string>>;
  /** Where the figure is printed. */
  source: string;
}

export const FY2564_STREAMS: readonly StreamSpec[] = [
  // Scorecard A indicator 1 / B 1.1.2: uses of DGA digital services.
  { platform: 'morchana', metric: 'registered_users', kind: 'gauge', total: 9_160_000, agencies: ['dga'], source: 'Table 1 ind. 1 (1)' },
  { platform: 'thailandplus', metric: 'registrations', kind: 'counter', total: 268_656, agencies: ['dga'], source: 'Table 1 ind. 1 (2)' },
  { platform: 'tangrat', metric: 'active_users', kind: 'distinct', total: 37_149, agencies: ['dga'], source: 'Table 1 ind. 1 (3)' },
  { platform: 'lawportal', metric: 'comments', kind: 'counter', total: 37_279, agencies: 12, source: 'Table 1 ind. 1 (4), ind. 2 (1)' },
  // Scorecard A indicator 2 / B 1.1.1: agencies using the innovation platforms.
  { platform: 'tangrat', metric: 'services_launched', kind: 'counter', total: 31, agencies: 17, source: '§1 Tang Rat; Table 1 ind. 2 (2)' },
  { platform: 'chatbot', metric: 'deployments', kind: 'counter', total: 3, agencies: 3, source: 'Table 1 ind. 2 (3)' },
  { platform: 'aiforpa', metric: 'deployments', kind: 'counter', total: 3, agencies: 3, source: 'Table 1 ind. 2 (4)' },
  // Scorecard A indicator 3: 762 operators filed 1,177 permit requests.
  { platform: 'bizportal', metric: 'permit_requests', kind: 'distinct', total: 762, events: 1_177, agencies: 25, source: 'Table 1 ind. 3; §1 Biz Portal' },
  // Scorecard A indicator 6 / B 1.1.4: civil servants trained.
  {
    platform: 'tdga',
    metric: 'trainees_completed',
    kind: 'counter',
    total: 298_201,
    agencies: 40,
    dimensions: { track: 'literacy' },
    source: 'Table 1 ind. 6',
  },
  {
    platform: 'tdga',
    metric: 'trainees_completed',
    kind: 'counter',
    total: 28_490,
    agencies: 40,
    dimensions: { track: 'high-level' },
    source: 'Table 1 ind. 6',
  },
  // Scorecard A indicator 7: 252 of 273 DGA staff up-, re- or new-skilled.
  { platform: 'tdga', metric: 'staff_upskilled', kind: 'distinct', total: 252, events: 300, agencies: ['dga'], source: 'Table 1 ind. 7' },
  { platform: 'tdga', metric: 'staff_headcount', kind: 'gauge', total: 273, agencies: ['dga'], source: 'Table 1 ind. 7' },
  // Scorecard B 1.2.1: Digital Health Pass used by 4 agencies, satisfaction 85.5 %.
  { platform: 'thailandplus', metric: 'deployments', kind: 'counter', total: 4, agencies: ['ddc', 'tat', 'consular', 'aot'], source: 'Table 2 ind. 1.2.1' },
  { platform: 'thailandplus', metric: 'satisfaction', kind: 'rating', total: 85.5, agencies: ['dga'], source: 'Table 2 ind. 1.2.1; §1 Thailand Plus' },
  // Platform usage outside the scorecards (§1).
  { platform: 'gdx', metric: 'api_calls', kind: 'counter', total: 63_300_000, agencies: 169, source: '§1 GDX' },
  { platform: 'mailgothai', metric: 'accounts', kind: 'gauge', total: 245_549, agencies: 397, source: '§1 MailGoThai' },
  { platform: 'gchat', metric: 'accounts', kind: 'gauge', total: 34_212, agencies: 268, source: '§1 G-Chat' },
  { platform: 'gin', metric: 'sites', kind: 'gauge', total: 3_274, agencies: ['dga'], source: '§1 GIN (3,274 agencies/sites)' },
  { platform: 'esaraban', metric: 'accounts', kind: 'gauge', total: 4_413, agencies: 346, source: '§1 e-Saraban' },
  { platform: 'ginconference', metric: 'accounts', kind: 'gauge', total: 3_740, agencies: 313, source: '§1 GIN Conference' },
  { platform: 'ginconference', metric: 'meeting_rooms', kind: 'counter', total: 19_004, agencies: 313, source: '§1 GIN Conference' },
  { platform: 'tangrat', metric: 'downloads', kind: 'counter', total: 81_768, agencies: ['dga'], source: '§1 Tang Rat' },
  { platform: 'tangrat', metric: 'transactions', kind: 'counter', total: 484_811, agencies: 17, source: '§1 Tang Rat' },
  { platform: 'datagoth', metric: 'datasets', kind: 'gauge', total: 3_777, agencies: ['dga'], source: '§1 data.go.th' },
  { platform: 'datagoth', metric: 'visits', kind: 'counter', total: 6_433_967, agencies: ['dga'], source: '§1 data.go.th' },
];
