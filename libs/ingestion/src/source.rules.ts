import type { Rejection, UsageEvent } from '@govmetrics/contracts';
import { quoted } from './rejection-caps';

export const SOURCE_NOT_OF_PLATFORM_RULE = 'source_not_of_platform';

/** The source every event of `platform` names, alone or followed by `/` and an instance. */
export const platformSource = (platform: string): string => `urn:dga:platform:${platform}`;

/**
 * `source` must be the platform's own URN, or under it: identity is (source, id), so a platform that could name
 * another's source could take that platform's ids first and have its real events refused as reused.
 */
export function checkSource({ source, data }: UsageEvent): Rejection[] {
  const own = platformSource(data.platform);
  if (source === own || source.startsWith(`${own}/`)) return [];
  return [
    {
      path: '$.source',
      rule: SOURCE_NOT_OF_PLATFORM_RULE,
      message: `source ${quoted(source)} is not of platform "${data.platform}": send ${own} or ${own}/<instance>`,
    },
  ];
}
