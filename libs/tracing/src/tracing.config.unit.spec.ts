import { loadConfig } from '@govmetrics/config';
import { tracesEndpoint, TracingConfigSchema } from './tracing.config';

const endpointFor = (env: Record<string, string>) => tracesEndpoint(loadConfig(TracingConfigSchema, env));

describe(tracesEndpoint.name, () => {
  it.each([
    ['nothing is set', {}, undefined],
    ['the endpoint is empty', { OTEL_EXPORTER_OTLP_ENDPOINT: '' }, undefined],
    ['a base endpoint is set', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, 'http://collector:4318/v1/traces'],
    [
      'a traces endpoint is set beside the base',
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/otlp' },
      'https://traces.example/otlp',
    ],
    ['the SDK is disabled', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }, undefined],
  ])('when %s, spans go to %s', (_case, env: Record<string, string>, expected) => {
    expect(endpointFor(env)).toBe(expected);
  });

  it('refuses an endpoint that is not an HTTP URL, naming the key', () => {
    expect(() => endpointFor({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
