import { z } from 'zod';
import { AttestationsFileSchema } from './kpi-catalog-attestation.schema';
import { KpiCatalogSchema } from './kpi-catalog.schema';
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
    'kpi-catalog.v1.schema.json': {
      $id: `${SCHEMA_BASE}:kpi-catalog.v1`,
      title: 'KPI catalog v1 (YAML or JSON)',
      ...z.toJSONSchema(KpiCatalogSchema, { target: 'draft-2020-12', io: 'input' }),
    },
    'kpi-attestations.v1.schema.json': {
      $id: `${SCHEMA_BASE}:kpi-attestations.v1`,
      title: 'Attested KPI values v1 (YAML or JSON)',
      ...z.toJSONSchema(AttestationsFileSchema, { target: 'draft-2020-12', io: 'input' }),
    },
  };
}
