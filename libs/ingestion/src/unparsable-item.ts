/** An element of a batch that was not JSON (an NDJSON line, a Kafka message value); judged, never thrown. */
export class UnparsableItem {
  constructor(readonly reason: string) {}
}

/** Parses JSON text into a value, or an {@link UnparsableItem} that says why it could not. */
export function parseJsonItem(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return new UnparsableItem(`not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** NDJSON: one JSON value per non-empty line; a bad line becomes an UnparsableItem in its place. */
export const parseNdjson = (text: string): unknown[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map(parseJsonItem);
