import { z } from 'zod';
import { AlertNotificationSchema } from './alerts-api.schema';
import { IngestAnswerSchema } from './ingest-api.schema';
import { gatewayOpenApi } from './gateway-openapi';
import { ingestOpenApi } from './ingest-openapi';
import { CompletenessDeclarationSchema } from './completeness.schema';
import { AttestationsFileSchema } from './kpi-catalog-attestation.schema';
import { KpiAttainmentSchema } from './kpi-attainment.schema';
import { KpiCatalogSchema } from './kpi-catalog.schema';
import { SignedHeadsSchema } from './ledger/signed-heads.schema';
import { PlatformCatalogSchema } from './platform-catalog.schema';
import { UsageEventSchema } from './usage-event.schema';
import { VerdictSummarySchema } from './verdict-summary.schema';

const SCHEMA_BASE = 'urn:govmetrics:schemas';

/** The ingest limits the published OpenAPI document states; the service's defaults are the same numbers. */
export const INGEST_LIMITS = { maxEventsPerBatch: 5000, maxBatchBytes: 5 * 1024 * 1024 } as const;

const published = (name: string, title: string, schema: z.ZodType, io: 'input' | 'output') => ({
  $id: `${SCHEMA_BASE}:${name}`,
  title,
  ...z.toJSONSchema(schema, { target: 'draft-2020-12', io }),
});

/** Every JSON Schema that `schemas/` publishes, by file name, generated from the zod schemas. */
export function publishedSchemas(): Record<string, unknown> {
  return {
    'usage-event.v1.schema.json': published('usage-event.v1', 'Usage event v1 (CloudEvents 1.0)', UsageEventSchema, 'input'),
    'platform-catalog.v1.schema.json': published('platform-catalog.v1', 'Platform catalog v1 (catalogs/platforms.yaml)', PlatformCatalogSchema, 'input'),
    'completeness-declaration.v1.schema.json': published(
      'completeness-declaration.v1',
      'Completeness declaration v1: a platform says a day is complete for a metric (POST /v1/completeness, usage.completeness.v1)',
      CompletenessDeclarationSchema,
      'input',
    ),
    'verdict-summary.v1.schema.json': published(
      'verdict-summary.v1',
      'Verdict summary v1: the verdicts of one HTTP batch counted, on usage.verdicts.v1',
      VerdictSummarySchema,
      'output',
    ),
    'ingest-answer.v1.schema.json': published('ingest-answer.v1', 'Answer of POST /v1/events', IngestAnswerSchema, 'output'),
    'ingest-api.v1.openapi.json': ingestOpenApi(INGEST_LIMITS),
    'kpi-catalog.v1.schema.json': published('kpi-catalog.v1', 'KPI catalog v1 (YAML or JSON)', KpiCatalogSchema, 'input'),
    'kpi-attestations.v1.schema.json': published('kpi-attestations.v1', 'Attested KPI values v1 (YAML or JSON)', AttestationsFileSchema, 'input'),
    'gateway-api.v1.openapi.json': gatewayOpenApi(),
    'kpi-attainment.v1.schema.json': published('kpi-attainment.v1', 'KPI attainment v1: a score snapshot on kpi.attainment.v1', KpiAttainmentSchema, 'output'),
    'ledger-heads.v1.schema.json': published(
      'ledger-heads.v1',
      'Signed ledger heads v1: a document on ledger.heads.v1 (and LEDGER_HEADS_FILE)',
      SignedHeadsSchema,
      'output',
    ),
    'alert-notification.v1.schema.json': published(
      'alert-notification.v1',
      'Alert notification v1: the CloudEvent a webhook receives (structured JSON mode, signed in X-Govmetrics-Signature)',
      AlertNotificationSchema,
      'output',
    ),
  };
}
