import { consumersGivenUpCounts, kafkaRefusalCounts } from '@govmetrics/kafka';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

/**
 * The one registry of a process: Node's default metrics (event-loop lag, heap, RSS, GC, open handles), the broker's
 * refusals of this process's Kafka principal, and every instrument of the service, each series labelled with the
 * service's name.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'govmetrics_', eventLoopMonitoringPrecision: 20 });
  kafkaRefusals(registry);
  kafkaConsumersGivenUp(registry);
  return registry;
}

/**
 * Every service talks to Kafka, and a refusal is a misconfigured grant or a stolen credential: counted by libs/kafka
 * as it happens (whichever client met it), read at each scrape. Labels are bounded: two kinds, Kafka's error names.
 */
function kafkaRefusals(registry: Registry): void {
  new Counter({
    name: 'govmetrics_kafka_refusals_total',
    help: "Requests the broker refused to this process's principal, by kind (authentication, authorization) and Kafka error type.",
    labelNames: ['kind', 'type'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [key, count] of Object.entries(kafkaRefusalCounts())) {
        const [kind = 'unknown', type = 'unknown'] = key.split(':');
        this.inc({ kind, type }, count);
      }
    },
  });
}

/**
 * Every consuming service revives a consumer kafkajs gave up (`ConsumerRevival`), which counts it by group: a count
 * operators alert on, since a group left without members stalls its topic while every probe stays healthy.
 */
function kafkaConsumersGivenUp(registry: Registry): void {
  new Counter({
    name: 'govmetrics_kafka_consumers_given_up_total',
    help: 'Consumers kafkajs stopped for good (an error it deems fatal), each replaced by a new group member after a pause.',
    labelNames: ['group'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [group, count] of Object.entries(consumersGivenUpCounts())) this.inc({ group }, count);
    },
  });
}
