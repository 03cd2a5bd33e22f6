import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AcceptedEventsRegistry, assessBatch, type BatchAssessment, IntakePolicy, parseJsonItem, UnparsableItem } from '@govmetrics/ingestion';
import { createKafka, ensureTopicsWhenReady, givenUpLine, RawIntakeRelay, usageDeadLetterTopic, usageEventsTopic, usageRawTopic } from '@govmetrics/kafka';
import type { Batch } from 'kafkajs';
import { eventNames, rejectionLines } from '../event-work-log';
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
      onCommitted: (judged, seconds, batch) => {
        this.metrics.relayed(judged, seconds);
        logDeadLetters(judged, batch);
      },
      onConsumerGivenUp: (error, inMs) => Logger.error(`raw intake: ${givenUpLine(error, inMs)}`, 'RawIntake'),
    });
    await this.relay.start();
    Logger.log(`raw intake consuming ${this.config.RAW_USAGE_TOPIC} → ${this.config.USAGE_EVENTS_TOPIC} | ${this.config.DEAD_LETTER_TOPIC}`, 'Ingest');
  }

  /** Before the composition is released (the PostgreSQL pool closed), so the relay's last batch can still claim and commit. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }
}

/** A line per dead-lettered record: where it was on the raw topic, what it claims to be (when that can be named), why. */
function logDeadLetters(judged: BatchAssessment, { topic, partition, messages }: Batch): void {
  const describe = (index: number) => {
    const value = messages[index]?.value;
    const names = value ? eventNames(parseJsonItem(value.toString('utf8'))) : {};
    return { intake: 'raw_intake', topic, partition, offset: messages[index]?.offset, ...names };
  };
  for (const { msg, fields } of rejectionLines('record dead-lettered', judged.verdicts, describe)) Logger.warn({ msg, ...fields }, 'RawIntake');
}
