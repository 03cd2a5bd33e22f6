import { Gauge, type Registry } from 'prom-client';

/** The gateway's live streams, read from whatever counts them at each scrape. */
export const openStreamsGauge = (registry: Registry, open: () => number) =>
  new Gauge({
    name: 'govmetrics_gateway_open_streams',
    help: 'Server-sent-event streams (live aggregates and attainment) the gateway holds open.',
    registers: [registry],
    collect() {
      this.set(open());
    },
  });
