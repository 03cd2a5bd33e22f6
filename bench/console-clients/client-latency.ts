// From what each client's stream delivered to one latency per (batch, client): the first `aggregate` event for the
// batch's bucket whose event count includes the batch, minus the ingest's 200 for it.
import type { ServerSentEvent } from '@govmetrics/devkit';
import type { SentBatch } from './paced-sender';

interface BucketUpdate {
  events: number;
  receivedAt: number;
}

/** Each agency's updates in arrival order (the filter is one platform and metric, and every event is on one day). */
function updatesByAgency(events: readonly ServerSentEvent[]): Map<string, BucketUpdate[]> {
  const byAgency = new Map<string, BucketUpdate[]>();
  for (const event of events) {
    if (event.type !== 'aggregate') continue;
    const data = event.data as { agency: string; events: number };
    const updates = byAgency.get(data.agency) ?? [];
    updates.push({ events: data.events, receivedAt: event.receivedAt });
    byAgency.set(data.agency, updates);
  }
  return byAgency;
}

export interface ClientLatencies {
  /** ms from the ingest's 200 to this client's update, per batch it saw, in the order of `batches`. */
  samples: (number | undefined)[];
}

/** One client's latency for every batch (undefined: the client never saw a count that includes it). */
export function clientLatencies(events: readonly ServerSentEvent[], batches: readonly SentBatch[]): ClientLatencies {
  const byAgency = updatesByAgency(events);
  const samples = batches.map((batch) => {
    // Counts only rise along a stream, so the first update at or above the batch's count is where it arrived.
    const shown = byAgency.get(batch.agency)?.find((update) => update.events >= batch.countAfter);
    return shown && shown.receivedAt - batch.acceptedAt;
  });
  return { samples };
}
