// From what each client's stream delivered to one latency per (batch, client): the first `aggregate` event for the
// batch's bucket whose event count includes the batch, minus the ingest's 200 for it.
import type { ServerSentEvent } from '@govmetrics/devkit';
import type { SentBatch } from './paced-sender';

interface BucketUpdate {
  events: number;
  receivedAt: number;
  /** The projector's announcement the update names, as `performance.now()` of this process (same machine's clock). */
  announcedAt: number;
}

const sinceOrigin = (instant: string) => Date.parse(instant) - performance.timeOrigin;

/** Each agency's updates in arrival order (the filter is one platform and metric, and every event is on one day). */
function updatesByAgency(events: readonly ServerSentEvent[]): Map<string, BucketUpdate[]> {
  const byAgency = new Map<string, BucketUpdate[]>();
  for (const event of events) {
    if (event.type !== 'aggregate') continue;
    const data = event.data as { agency: string; events: number; announcement: { projectedAt: string } };
    const updates = byAgency.get(data.agency) ?? [];
    updates.push({ events: data.events, receivedAt: event.receivedAt, announcedAt: sinceOrigin(data.announcement.projectedAt) });
    byAgency.set(data.agency, updates);
  }
  return byAgency;
}

export interface ClientLatencies {
  /** ms from the ingest's 200 to this client's update, per batch it saw, in the order of `batches`. */
  samples: (number | undefined)[];
  /** ms from the ingest's 200 to the announcement that update names: the pipeline's share, before the gateway's. */
  announced: (number | undefined)[];
}

/** One client's latency for every batch (undefined: the client never saw a count that includes it). */
export function clientLatencies(events: readonly ServerSentEvent[], batches: readonly SentBatch[]): ClientLatencies {
  const byAgency = updatesByAgency(events);
  // Counts only rise along a stream, so the first update at or above the batch's count is where it arrived.
  const shown = batches.map((batch) => byAgency.get(batch.agency)?.find((update) => update.events >= batch.countAfter));
  return {
    samples: shown.map((update, i) => update && update.receivedAt - (batches[i] as SentBatch).acceptedAt),
    announced: shown.map((update, i) => update && update.announcedAt - (batches[i] as SentBatch).acceptedAt),
  };
}
