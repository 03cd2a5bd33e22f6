import { ACCESS_MATRIX } from './access.schema';
import { publishedSchemas } from './published-schemas';

type Operation = { operationId: string; responses: Record<string, { description: string }> };
type OpenApi = { paths: Record<string, Record<string, Operation>> };
const documents: Record<string, unknown> = publishedSchemas();
const DOCUMENT_OF = { ingest: documents['ingest-api.v1.openapi.json'] as OpenApi, gateway: documents['gateway-api.v1.openapi.json'] as OpenApi };

/** The console's files are a web app's assets, not API: the one part of the matrix no OpenAPI document describes. */
const isConsoleAsset = (path: string) => path === '/console' || path.startsWith('/console/');

describe('the published OpenAPI documents', () => {
  it('describe every API route of the access matrix, the health probes included', () => {
    const undocumented = ACCESS_MATRIX.filter(({ path }) => !isConsoleAsset(path))
      .filter(({ service, method, path }) => DOCUMENT_OF[service].paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()] === undefined)
      .map(({ service, method, path }) => `${service} ${method} ${path}`);
    expect(undocumented).toEqual([]);
  });

  it.each(Object.entries(DOCUMENT_OF))('give the %s service liveness and readiness probes of their own', (_service, document) => {
    expect(document.paths['/health/live']?.get?.operationId).toBe('healthLive');
    expect(document.paths['/health/ready']?.get?.operationId).toBe('healthReady');
    expect(document.paths['/health/ready']?.get?.responses['503']?.description).toContain('shutting_down');
  });
});
