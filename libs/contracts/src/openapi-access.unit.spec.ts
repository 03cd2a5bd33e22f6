import { ACCESS_MATRIX } from './access.schema';
import { gatewayOpenApi } from './gateway-openapi';

type Operation = { responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }> };
const operations = Object.entries(gatewayOpenApi().paths as Record<string, Record<string, Operation>>).flatMap(([path, byMethod]) =>
  Object.entries(byMethod).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, operation })),
);
const needsToken = new Set(
  ACCESS_MATRIX.filter(({ service, roles }) => service === 'gateway' && roles !== 'open').map(({ method, path }) => `${method} ${path}`),
);

describe('the gateway OpenAPI document and the failed-authentication budget', () => {
  it('answers 429 too_many_failed_authentications on every route that needs a token, and on no open one', () => {
    const with429 = operations.filter(({ operation }) => operation.responses['429']?.description.includes('too_many_failed_authentications'));
    expect(with429.map(({ route }) => route).sort()).toEqual([...needsToken].filter((route) => operations.some((op) => op.route === route)).sort());
    expect(with429.length).toBeGreaterThan(20);
  });

  it("keeps a stream's own 429 (too many streams) beside the budget's, as one of two bodies", () => {
    const stream = operations.find(({ route }) => route === 'GET /v1/attainment/stream')?.operation.responses['429'];
    expect(stream?.description).toMatch(/too_many_streams[\s\S]*too_many_failed_authentications/);
    expect(stream?.content?.['application/json']?.schema).toEqual({
      oneOf: [{ $ref: '#/components/schemas/TooManyStreams' }, { $ref: '#/components/schemas/AuthError' }],
    });
  });
});
