import type { UsageData, UsageEvent } from '@govmetrics/contracts';
import { USAGE_EVENT_TYPE } from '@govmetrics/contracts';
import { randomUUID } from 'node:crypto';

/** A valid usage event; override any field. */
export function usageEvent(data: Partial<UsageData> = {}, envelope: Partial<Omit<UsageEvent, 'data'>> = {}): UsageEvent {
  const platform = data.platform ?? 'gdx';
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: `urn:dga:platform:${platform}`,
    type: USAGE_EVENT_TYPE,
    time: '2021-03-01T10:00:00+07:00',
    ...envelope,
    data: { platform, metric: 'api_calls', agency: 'moph', value: 1, ...data },
  };
}
