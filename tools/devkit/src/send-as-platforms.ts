import type { UsageEvent } from '@govmetrics/contracts';
import { INGEST_LIMITS } from '@govmetrics/contracts';
import { requestJson } from './http';
import type { Pipeline } from './pipeline';

const { maxEventsPerBatch } = INGEST_LIMITS;

/**
 * Each platform posts its own events to the pipeline's ingest in batches of the contract's most, with its own API key,
 * as a platform team would; fails on the first answer that is not 200. Returns how many were accepted.
 */
export async function sendAsPlatforms(
  pipeline: Pipeline,
  events: readonly UsageEvent[],
  onPlatformSent?: (platform: string, count: number) => void,
): Promise<number> {
  const byPlatform = new Map<string, UsageEvent[]>();
  for (const event of events) byPlatform.set(event.data.platform, [...(byPlatform.get(event.data.platform) ?? []), event]);
  let accepted = 0;
  for (const [platform, platformEvents] of byPlatform) {
    for (let start = 0; start < platformEvents.length; start += maxEventsPerBatch) {
      const sent = await requestJson(`${pipeline.ingestUrl}/v1/events`, {
        body: platformEvents.slice(start, start + maxEventsPerBatch),
        headers: pipeline.authHeaders(platform),
      });
      if (sent.status !== 200) throw new Error(`${platform}: ingest answered ${sent.status} ${JSON.stringify(sent.body)}`);
      accepted += (sent.body as { accepted: number }).accepted;
    }
    onPlatformSent?.(platform, platformEvents.length);
  }
  return accepted;
}
