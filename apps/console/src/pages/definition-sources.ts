import type { Source } from './source-buckets';

/** The usage sources an indicator's definition reads (`actual.query`, `actual.sum[]`, per measure), as the ledger recorded it, in order. */
export function sourcesOf(definition: unknown): Source[] {
  if (Array.isArray(definition)) return definition.flatMap(sourcesOf);
  if (!definition || typeof definition !== 'object') return [];
  const entry = definition as Record<string, unknown>;
  if (typeof entry.platform === 'string' && typeof entry.metric === 'string') return [entry as unknown as Source];
  return Object.values(entry).flatMap(sourcesOf);
}

/** A source as the hash names it: `platform/metric/statistic`. */
export const sourceKey = (source: Source): string => `${source.platform}/${source.metric}/${source.statistic ?? 'sum'}`;
