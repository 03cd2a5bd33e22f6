import type { ReplayGapNotice } from '@govmetrics/contracts';

/** `event: replay_gap`: the events after the client's `Last-Event-ID` are no longer held, so it must re-read its numbers. */
export interface ReplayGap {
  type: 'replay_gap';
  data: ReplayGapNotice;
}

const REMEDY = {
  aggregates: 're-read the buckets shown from /v1/aggregates/total or /v1/series, then take each update whose events are higher',
  attainment: 'the current board follows, which is every scorecard’s newest snapshot',
} as const;

export const replayGap = (lastEventId: string, stream: keyof typeof REMEDY): ReplayGap => ({
  type: 'replay_gap',
  data: {
    lastEventId,
    message: `the events after ${lastEventId} are not held by this gateway (it restarted, is another replica, or they were pushed out): ${REMEDY[stream]}`,
  },
});
