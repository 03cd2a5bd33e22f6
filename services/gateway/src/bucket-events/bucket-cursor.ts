import type { BucketEventsPosition } from '@govmetrics/clickhouse';
import { z } from 'zod';

const PositionSchema = z.tuple([z.number().int().nonnegative(), z.string(), z.string()]);

/** An opaque page cursor: the (event time, source, id) of the page's last event, as base64url JSON. */
export const encodeCursor = ({ time, source, id }: BucketEventsPosition): string => Buffer.from(JSON.stringify([time, source, id])).toString('base64url');

/** The position a cursor holds, or undefined when it is not one this gateway made. */
export function decodeCursor(cursor: string): BucketEventsPosition | undefined {
  try {
    const parsed = PositionSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString()));
    return parsed.success ? { time: parsed.data[0], source: parsed.data[1], id: parsed.data[2] } : undefined;
  } catch {
    return undefined;
  }
}
