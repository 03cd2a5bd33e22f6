import { positiveIntField } from '@govmetrics/config';
import { z } from 'zod';

// An empty variable means unset, as OpenTelemetry's own SDKs read it.
const url = z.preprocess((value) => (value === '' ? undefined : value), z.url({ protocol: /^https?$/ }).optional());

/**
 * Tracing is off unless an OTLP endpoint is named. The names are OpenTelemetry's own, so an operator's collector
 * settings carry over; the exporter also honours `OTEL_EXPORTER_OTLP_HEADERS` (a collector's credentials) by itself.
 */
export const TracingConfigSchema = z.object({
  /** The collector's base URL: spans go to `<it>/v1/traces` as OTLP/HTTP JSON. */
  OTEL_EXPORTER_OTLP_ENDPOINT: url,
  /** The full traces URL, when it is not `<base>/v1/traces`; wins over the base. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url,
  /** `true` keeps tracing off even when an endpoint is set. */
  OTEL_SDK_DISABLED: z.enum(['true', 'false']).default('false'),
  /** Overrides the service's own name (`govmetrics-<service>`), e.g. to tell two deployments apart. */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** Share of new traces kept (0–1); a trace continued from a request or a record keeps its parent's decision. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
  /** How often finished spans are sent, in milliseconds. */
  OTEL_BSP_SCHEDULE_DELAY: positiveIntField(5000),
});

export type TracingConfig = z.infer<typeof TracingConfigSchema>;

/** Where spans are sent, or `undefined` when tracing is off. */
export function tracesEndpoint(config: TracingConfig): string | undefined {
  if (config.OTEL_SDK_DISABLED === 'true') return undefined;
  if (config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined) return config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT === undefined) return undefined;
  return `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
}
