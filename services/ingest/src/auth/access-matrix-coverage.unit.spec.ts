import { ACCESS_MATRIX } from '@govmetrics/contracts';
import { declaredRoutes } from '@govmetrics/auth-oidc';
import { IngestModule } from '../app.module';
import { loadIngestConfig } from '../ingest.config';

describe('the access matrix covers the ingest', () => {
  it('lists every route the ingest declares, and no route it does not', () => {
    const module = IngestModule.forRoot(loadIngestConfig({ INGEST_API_KEYS: 'gdx=0123456789abcdef' }), {
      adapters: { metrics: { intake: {} }, credentials: {} } as never,
      release: () => Promise.resolve(),
    });
    const listed = ACCESS_MATRIX.filter(({ service }) => service === 'ingest').map(({ method, path }) => `${method} ${path}`);
    expect(declaredRoutes(module).sort()).toEqual(listed.sort());
  });
});
