import type { RecordedEvent } from '@govmetrics/event-store';

/** A stored row as the port's event: metadata is left out when none was appended. */
export function recordedEvent(row: {
  position: bigint;
  stream: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: Record<string, unknown> | null | undefined;
  recordedAt: Date;
}): RecordedEvent {
  const { metadata, ...rest } = row;
  return metadata === null || metadata === undefined ? rest : { ...rest, metadata };
}
