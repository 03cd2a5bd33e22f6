import type { AggregatesAnnouncer, UsageBatchSink } from '@govmetrics/projection';
import type { Held } from '@govmetrics/config';
import type { RecordPublisher } from '@govmetrics/kafka';
import { ConsumerLagWatch, countSent, kafkaInstruments, projectorInstruments, type Registry, timeCalls } from '@govmetrics/metrics';
import type { Kafka } from 'kafkajs';
import type { FoldObserver } from './project-usage-events/project-usage-events.tokens';
import type { ProjectorConfig } from './projector.config';

/** Times and counts every fold through the sink port, so the use case stays as it is. */
function measuredSink(sink: UsageBatchSink, metrics: ReturnType<typeof projectorInstruments>): UsageBatchSink {
  return {
    async write(range, events) {
      const stop = metrics.foldSeconds.startTimer();
      await sink.write(range, events);
      stop();
      metrics.foldEvents.observe(events.length);
      metrics.foldedEvents.inc(events.length);
      if (events.length > 0) metrics.folded(events.reduce((newest, event) => Math.max(newest, event.eventTime), 0));
    },
  };
}

/** Observes, per record, the time from its append to the log (its Kafka timestamp) to its fold committed. */
const queryableLatency = (metrics: ReturnType<typeof projectorInstruments>): FoldObserver => ({
  queryable(batch) {
    const now = Date.now();
    for (const message of batch.messages) metrics.logToQueryableSeconds.observe(Math.max(0, now - Number(message.timestamp)) / 1000);
  },
});

/**
 * The projector's sink and announcer instrumented, its quarantine counted and its group's lag watched; returns the ports
 * to provide, and what counts a consumer kafkajs gave up.
 */
export async function instrumentProjector(
  held: Held,
  registry: Registry,
  config: ProjectorConfig,
  kafka: Kafka,
  ports: { sink: UsageBatchSink; announcer: AggregatesAnnouncer; quarantine: RecordPublisher },
): Promise<{ sink: UsageBatchSink; announcer: AggregatesAnnouncer; observer: FoldObserver }> {
  const kafkaMetrics = kafkaInstruments(registry);
  const target = { groupId: config.PROJECTOR_GROUP_ID, topics: [config.USAGE_EVENTS_TOPIC] };
  held.hold(await ConsumerLagWatch.start(kafka, target, kafkaMetrics, config.CONSUMER_LAG_INTERVAL_MS), (watch) => watch.stop());
  countSent(ports.quarantine, kafkaMetrics.quarantined, { consumer: 'projector' });
  const projector = projectorInstruments(registry);
  return {
    sink: measuredSink(ports.sink, projector),
    observer: queryableLatency(projector),
    announcer: timeCalls(ports.announcer, 'publish', kafkaMetrics.produceSeconds, { stream: 'announcements' }),
  };
}
