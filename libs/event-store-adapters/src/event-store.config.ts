import { z } from 'zod';

/** Environment keys of the event store adapters; KurrentDB is used only when its connection string is set. */
export const EventStoreConfigSchema = z.object({
  POSTGRES_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string')
    .default('postgres://postgres@127.0.0.1:5432/postgres'),
  KURRENTDB_CONNECTION_STRING: z
    .string()
    .regex(/^(kurrentdb|esdb|kdb)(\+discover)?:\/\//, 'must be a kurrentdb:// connection string')
    .optional(),
});

export type EventStoreConfig = z.infer<typeof EventStoreConfigSchema>;
