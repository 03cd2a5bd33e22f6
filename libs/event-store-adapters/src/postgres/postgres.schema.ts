/** Serialises appends per database, so positions are assigned, and become visible, in commit order. */
export const APPEND_LOCK = 7_305_110_116;
/** Ties concurrent schema creation by several processes to one winner. */
export const SCHEMA_LOCK = 7_305_110_117;
/** NOTIFY channel that wakes subscribers in other processes after a commit. */
export const APPENDED_CHANNEL = 'event_store_appended';

export const CREATE_EVENTS_TABLE = `
  CREATE TABLE IF NOT EXISTS events (
    position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream TEXT NOT NULL,
    revision BIGINT NOT NULL,
    type TEXT NOT NULL,
    data JSONB NOT NULL,
    metadata JSONB,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT events_stream_revision UNIQUE (stream, revision)
  )`;

export interface EventRow {
  position: string;
  stream: string;
  revision: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown> | null;
  recorded_at: Date;
}

export const EVENT_COLUMNS = 'position, stream, revision, type, data, metadata, recorded_at';
