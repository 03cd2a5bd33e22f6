import type { AggregatesChanged } from '@govmetrics/contracts';
import { AggregatesChangedSchema, issuePath } from '@govmetrics/contracts';
import type { MalformedAnnouncement } from './malformed-announcement.error';

/** A partition's batch, as far as decoding needs it. */
export interface AnnouncementRecords {
  messages: readonly { offset: string; value: Buffer | null }[];
}

function decode(value: Buffer | null): { change: AggregatesChanged } | { reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(value?.toString('utf8') ?? 'null') as unknown;
  } catch (error) {
    return { reason: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = AggregatesChangedSchema.safeParse(json);
  if (parsed.success) return { change: parsed.data };
  return { reason: parsed.error.issues.map((issue) => `${issuePath(issue.path)}: ${issue.message}`).join('; ') };
}

/** Each record on its own: the announcements, in order, and the records that are not one. */
export function decodeAnnouncements(batch: AnnouncementRecords): { changes: AggregatesChanged[]; malformed: MalformedAnnouncement[] } {
  const changes: AggregatesChanged[] = [];
  const malformed: MalformedAnnouncement[] = [];
  for (const message of batch.messages) {
    const decoded = decode(message.value);
    if ('change' in decoded) changes.push(decoded.change);
    else malformed.push({ offset: message.offset, reason: decoded.reason });
  }
  return { changes, malformed };
}
