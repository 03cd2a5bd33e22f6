import { Logger } from '@nestjs/common';
import { openUsageStore } from '@govmetrics/clickhouse';
import { compose, type Composition } from '@govmetrics/config';
import {
  AggregatesChangedPublisher,
  aggregatesChangedTopic,
  createKafka,
  ensureTopicsWhenReady,
  quarantineTopic,
  RecordPublisher,
  usageEventsTopic,
} from '@govmetrics/kafka';
import { openMetrics } from '@govmetrics/metrics';
import type { AggregatesAnnouncer, UsageBatchSink } from '@govmetrics/projection';
import type { Kafka } from 'kafkajs';
import type { ProjectorConfig } from './projector.config';
import { instrumentProjector } from './projector.metrics';
import type { FoldObserver } from './project-usage-events/project-usage-events.tokens';

export interface ProjectorAdapters {
  kafka: Kafka;
  sink: UsageBatchSink;
  announcer: AggregatesAnnouncer;
  observer: FoldObserver;
  quarantine: RecordPublisher;
}

/** The read model migrated and its stale staging dropped, the topics there, the announcer and quarantine producers connected. */
export const composeProjector = (config: ProjectorConfig): Promise<Composition<ProjectorAdapters>> =>
  compose(async (held) => {
    const registry = await openMetrics(held, 'projector', config);
    // One server, or the cluster of CLICKHOUSE_CLUSTER (docs/cluster.md).
    const { sink } = held.hold(await openUsageStore(config), (store) => store.close());
    await sink.dropStagedBefore(new Date());
    const kafka = createKafka(config);
    const topics = [
      usageEventsTopic(config.USAGE_EVENTS_TOPIC),
      aggregatesChangedTopic(config.AGGREGATES_CHANGED_TOPIC),
      quarantineTopic(config.QUARANTINE_TOPIC),
    ];
    await ensureTopicsWhenReady(kafka, topics, config.KAFKA_STARTUP_WAIT_MS, (line) => Logger.warn(line, 'Projector'));
    const announcer = held.hold(new AggregatesChangedPublisher(kafka, config.AGGREGATES_CHANGED_TOPIC), (publisher) => publisher.disconnect());
    await announcer.connect();
    const quarantine = held.hold(new RecordPublisher(kafka), (publisher) => publisher.disconnect());
    await quarantine.connect();
    return { kafka, quarantine, ...(await instrumentProjector(held, registry, config, kafka, { sink, announcer, quarantine })) };
  });
