import type { UsageEvent } from '@govmetrics/contracts';
import { parsePlatformCatalog, USAGE_EVENT_TYPE } from '@govmetrics/contracts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { IntakePolicy } from '../intake-policy';

/** The product's own catalog: the rules are tested against what ships. */
export const catalog = parsePlatformCatalog(readFileSync(resolve(__dirname, '../../../../catalogs/platforms.yaml'), 'utf8'));

export const NOW = new Date('2021-06-01T00:00:00Z');

export const policy: IntakePolicy = {
  catalog,
  eventTime: { notBefore: new Date('2020-10-01T00:00:00+07:00'), maxAheadMs: 5 * 60 * 1000 },
  now: () => NOW,
};

export const PSEUDONYM = `hmac-v1:${'ab12'.repeat(16)}`;

/** A valid GDX api_calls event; override any data field or envelope field. */
export const gdxEvent = (data: Partial<UsageEvent['data']> = {}, envelope: Partial<Omit<UsageEvent, 'data'>> = {}): UsageEvent => ({
  specversion: '1.0',
  id: 'evt-1',
  source: 'urn:dga:platform:gdx',
  type: USAGE_EVENT_TYPE,
  time: '2021-03-01T10:00:00+07:00',
  ...envelope,
  data: { platform: 'gdx', metric: 'api_calls', agency: 'moph', value: 42, ...data },
});
