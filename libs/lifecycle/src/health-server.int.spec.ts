import { type HealthAnswer, type HealthServer, startHealthServer } from './health-server';

describe(startHealthServer.name, () => {
  let server: HealthServer;
  let answer: HealthAnswer | Error = { ready: true, detail: { group: 'g' } };
  const get = async (path: string, method = 'GET') => {
    const response = await fetch(`http://127.0.0.1:${server.port}${path}`, { method });
    const body: unknown = await response.json();
    return { status: response.status, body };
  };

  beforeAll(async () => {
    server = await startHealthServer({
      host: '127.0.0.1',
      port: 0,
      ready: () => (answer instanceof Error ? Promise.reject(answer) : answer),
    });
  });

  afterAll(() => server.close());

  it('answers readiness 200 with its detail, and 503 with the reason when not ready, on /health/ready and /health', async () => {
    answer = { ready: true, detail: { group: 'g' } };
    expect(await get('/health/ready')).toEqual({ status: 200, body: { status: 'ok', group: 'g' } });
    answer = { ready: false, detail: { reason: 'stalled' } };
    expect(await get('/health/ready')).toEqual({ status: 503, body: { status: 'unready', reason: 'stalled' } });
    expect(await get('/health')).toEqual({ status: 503, body: { status: 'unready', reason: 'stalled' } });
  });

  it('answers liveness 200 whatever readiness says, even when the readiness check throws', async () => {
    answer = new Error('offsets unreadable');
    expect(await get('/health/ready')).toEqual({ status: 503, body: { status: 'unready', reason: 'offsets unreadable' } });
    expect(await get('/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('answers nothing else', async () => {
    expect((await get('/metrics')).status).toBe(404);
    expect((await get('/health/live', 'POST')).status).toBe(405);
  });
});
