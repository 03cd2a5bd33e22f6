import { type Histogram, Registry } from 'prom-client';
import { httpMetricsHook } from './http.instruments';

describe(httpMetricsHook.name, () => {
  it('labels answers by route pattern, never the raw URL, unmatched ones as one route, and observes declared body sizes', async () => {
    const registry = new Registry();
    const hook = httpMetricsHook(registry);
    const done = () => undefined;
    hook({ method: 'POST', routeOptions: { url: '/v1/events' }, headers: { 'content-length': '2048' } }, { statusCode: 200, elapsedTime: 12 }, done);
    hook({ method: 'POST', routeOptions: { url: '/v1/events' }, headers: {} }, { statusCode: 503, elapsedTime: 3 }, done);
    hook({ method: 'GET', routeOptions: {}, headers: {} }, { statusCode: 404, elapsedTime: 1 }, done);
    const requests = (await registry.getSingleMetric('govmetrics_http_requests_total')!.get()).values.map(({ labels, value }) => ({ ...labels, value }));
    expect(requests).toEqual([
      { method: 'POST', route: '/v1/events', status_code: '200', value: 1 },
      { method: 'POST', route: '/v1/events', status_code: '503', value: 1 },
      { method: 'GET', route: 'unmatched', status_code: '404', value: 1 },
    ]);
    const sizes = (await (registry.getSingleMetric('govmetrics_http_request_size_bytes') as Histogram).get()).values;
    expect(sizes.find((sample) => sample.metricName === 'govmetrics_http_request_size_bytes_sum')).toMatchObject({ value: 2048 });
    expect(sizes.find((sample) => sample.metricName === 'govmetrics_http_request_size_bytes_count')).toMatchObject({ value: 1 });
  });
});
