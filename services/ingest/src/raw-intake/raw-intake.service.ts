import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AcceptedEventsRegistry, assessBatch, IntakePolicy, parseJsonItem, UnparsableItem } from '@govmetrics/ingestion';
import { createKafka, ensureTopicsWhenReady, RawIntakeRelay, usageDeadLetterTopic, usageEventsTopic, usageRawTopic } from '@govmetrics/kafka';
import { INGEST_CONFIG, IngestConfig } from '../ingest.config';
import { ACCEPTED_EVENTS, INTAKE_METRICS, INTAKE_POLICY } from '../ingest.tokens';
import type { IntakeMetrics } from '../intake-metrics';

/** The Kafka-native intake, in the ingest process: usage.raw.v1 judged by the same validator, and claimed in the same registry, as HTTP. */
@Injectable()
export class RawIntakeService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private relay?: RawIntakeRelay;

  constructor(
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(INTAKE_POLICY) private readonly policy: IntakePolicy,
    @Inject(ACCEPTED_EVENTS) private readonly acceptedEvents: AcceptedEventsRegistry,
    @Inject(INTAKE_METRICS) private readonly metrics: IntakeMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.RAW_INTAKE_ENABLED) return;
    const kafka = createKafka(this.config);
    const topics = [
      usageRawTopic(this.config.RAW_USAGE_TOPIC),
      usageDeadLetterTopic(this.config.DEAD_LETTER_TOPIC),
      usageEventsTopic(this.config.USAGE_EVENTS_TOPIC),
    ];
    await ensureTopicsWhenReady(kafka, topics, this.config.KAFKA_STARTUP_WAIT_MS, (line) => Logger.warn(line, 'Ingest'));
    this.relay = new RawIntakeRelay(kafka, {
      rawTopic: this.config.RAW_USAGE_TOPIC,
      acceptedTopic: this.config.USAGE_EVENTS_TOPIC,
      deadLetterTopic: this.config.DEAD_LETTER_TOPIC,
      groupId: this.config.RAW_INTAKE_GROUP_ID,
      transactionalId: `${this.config.RAW_INTAKE_GROUP_ID}-relay`,
      assess: (values) =>
        assessBatch(
          values.map((value) => (value === null ? new UnparsableItem('empty message value') : parseJsonItem(value.toString('utf8')))),
          this.policy,
        ),
      registry: this.acceptedEvents,
      onCommitted: (judged, seconds) => this.metrics.relayed(judged, seconds),
    });
    await this.relay.start();
    Logger.log(`raw intake consuming ${this.config.RAW_USAGE_TOPIC} → ${this.config.USAGE_EVENTS_TOPIC} | ${this.config.DEAD_LETTER_TOPIC}`, 'Ingest');
  }

  /** Before the composition is released (the PostgreSQL pool closed), so the relay's last batch can still claim and commit. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }
}
