import { z } from 'zod';
import { UsageEventSchema } from './usage-event.schema';

const SCHEMA_BASE = 'urn:govmetrics:schemas';

/** Every JSON Schema that `schemas/` publishes, by file name, generated from the zod schemas. */
export function publishedSchemas(): Record<string, unknown> {
  return {
    'usage-event.v1.schema.json': {
      $id: `${SCHEMA_BASE}:usage-event.v1`,
      title: 'Usage event v1 (CloudEvents 1.0)',
      ...z.toJSONSchema(UsageEventSchema, { target: 'draft-2020-12', io: 'input' }),
    },
  };
}
