import { usageEventKey } from '@govmetrics/contracts';
import type { AcceptedEventsRegistry, BatchAssessment, PriorAcceptances } from '@govmetrics/ingestion';
import { applyPriorAcceptances, claimsOf } from '@govmetrics/ingestion';
import { inConsumedBatch, traceHeaders } from '@govmetrics/tracing';
import type { Batch, Consumer, EachBatchPayload, Kafka, Message, Producer } from 'kafkajs';
import { ACKS_ALL } from './acks';
import { ConsumerRevival } from './consumer-revival';
import { deadLetter } from './dead-letter';
import { inChunks } from './message-chunks';
import { toKafkaError } from './kafka-errors';
import { MemoizedDefaultPartitioner } from './memoized-partitioner';
import { PartitionedSender } from './partitioned-send/partitioned-sender';

export interface RawIntakeRelayOptions {
  rawTopic: string;
  acceptedTopic: string;
  deadLetterTopic: string;
  groupId: string;
  /**
   * The prefix of one transactional id per raw partition (`<prefix>-<partition>`), stable across restarts and replicas:
   * whichever replica is assigned a partition next fences the one that had it and aborts its open transaction.
   */
  transactionalId: string;
  /**
   * Judges a fetched batch's message values, in order. Must not throw: poison messages are verdicts (`assessBatch`
   * judges each item in its own try, an item whose judging throws is `unassessable`), or the batch is fetched again.
   */
  assess: (values: readonly (Buffer | null)[]) => BatchAssessment;
  /**
   * The intake's memory of accepted events, shared with HTTP. With it, an event accepted before (on either path) is not
   * forwarded again, and one reusing an accepted (source, id) for other content is dead-lettered; without it, repeats
   * across batches reach the accepted topic and only the projector counts them once.
   */
  registry?: AcceptedEventsRegistry;
  /** Told each batch's verdicts, its transaction's duration and the batch itself once the transaction committed (metrics, logs). */
  onCommitted?: (judged: BatchAssessment, transactionSeconds: number, batch: Batch) => void;
  /** Told when kafkajs gave the consumer up for good and when a new one starts (`ConsumerRevival`). */
  onConsumerGivenUp?: (error: unknown, reviveInMs: number) => void;
}

/**
 * Consume-transform-produce from the raw topic: each fetched batch's accepted events, dead letters and the
 * consumer offsets go into one Kafka transaction. A crash before the commit leaves nothing visible to
 * read_committed readers and the offsets where they were, so the batch is judged again: no loss, no double.
 */
export class RawIntakeRelay {
  private consumer?: Consumer;
  /** One transactional producer per raw partition this replica was handed. */
  private readonly producers = new Map<number, Producer>();
  private readonly partitioned: PartitionedSender;
  private readonly revival: ConsumerRevival;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: RawIntakeRelayOptions,
  ) {
    this.partitioned = new PartitionedSender(kafka);
    this.revival = new ConsumerRevival(() => this.consume(), { group: options.groupId, onGivenUp: options.onConsumerGivenUp });
  }

  async start(): Promise<void> {
    await this.revival.begin();
  }

  /** A new member of the group, running; a consumer kafkajs gives up is replaced through this (`ConsumerRevival`). */
  private async consume(): Promise<Consumer> {
    const consumer = this.kafka.consumer({ groupId: this.options.groupId, readUncommitted: false });
    this.consumer = consumer;
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: this.options.rawTopic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => inConsumedBatch(`process ${payload.batch.topic}`, payload.batch, () => this.relay(payload)),
      });
      return consumer;
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw toKafkaError('raw intake start', error);
    }
  }

  async stop(): Promise<void> {
    this.revival.stop();
    await this.consumer?.disconnect();
    const producers = [...this.producers.values()];
    await Promise.all([...producers.map((producer) => producer.disconnect()), this.partitioned.disconnect()]);
  }

  private async relay(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
    const assessment = this.options.assess(batch.messages.map((message) => message.value));
    const publish = (acceptedBefore: PriorAcceptances) => this.forward(batch, applyPriorAcceptances(assessment, acceptedBefore));
    if (this.options.registry) {
      // Claimed like an HTTP batch: the claim commits only after the Kafka transaction did, and is undone when it failed.
      // A failing registry throws, so the batch is fetched again; waiting for `recorded` keeps the relay from running ahead.
      const outcome = await this.options.registry.acceptOnce(claimsOf(assessment), publish);
      await outcome.recorded;
    } else {
      await publish(new Map());
    }
    payload.resolveOffset(batch.lastOffset());
    await payload.heartbeat();
  }

  /** Accepted events, dead letters and the consumer offsets of one fetched batch, in one transaction. */
  private async forward(batch: Batch, judged: BatchAssessment): Promise<void> {
    const headers = traceHeaders();
    const accepted: Message[] = judged.accepted.map(({ index, event }) => ({
      key: usageEventKey(event),
      value: JSON.stringify(event),
      timestamp: batch.messages[index]?.timestamp,
      ...(headers && { headers }),
    }));
    const deadLetters: Message[] = [];
    for (const verdict of judged.verdicts) {
      const message = batch.messages[verdict.index];
      if (verdict.status === 'rejected' && message) deadLetters.push(deadLetter(message, batch, verdict.errors));
    }
    const producer = await this.connectedProducer(batch.partition);
    const started = performance.now();
    const transaction = await producer.transaction().catch(async (error: unknown) => {
      await this.dropProducer(batch.partition);
      throw toKafkaError(`relay ${batch.topic}[${batch.partition}]`, error);
    });
    try {
      for (const topicMessages of inChunks([
        { topic: this.options.acceptedTopic, messages: accepted },
        { topic: this.options.deadLetterTopic, messages: deadLetters },
      ])) {
        await this.partitioned.send(transaction, topicMessages, { acks: ACKS_ALL, inTransaction: true });
      }
      const next = (BigInt(batch.lastOffset()) + 1n).toString();
      await transaction.sendOffsets({
        consumerGroupId: this.options.groupId,
        topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }],
      });
      await transaction.commit();
    } catch (error) {
      // Throwing makes kafkajs fetch the batch again from the committed offset. The producer is replaced either way:
      // after a partition or a moved coordinator it can stay in a state where every later transaction fails, and a new
      // one with the same transactional id fences whatever the old one left open.
      await transaction.abort().catch(() => undefined);
      await this.dropProducer(batch.partition);
      throw toKafkaError(`relay ${batch.topic}[${batch.partition}]`, error);
    }
    this.options.onCommitted?.(judged, (performance.now() - started) / 1000, batch);
  }

  /**
   * Per partition, not per process: replicas sharing one id would fence each other on every batch, and ids per process
   * would let a replica that lost a partition still commit its batch beside the new owner's.
   */
  private async connectedProducer(partition: number): Promise<Producer> {
    const known = this.producers.get(partition);
    if (known) return known;
    const producer = this.kafka.producer({
      transactionalId: `${this.options.transactionalId}-${partition}`,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: MemoizedDefaultPartitioner,
    });
    await producer.connect();
    this.producers.set(partition, producer);
    return producer;
  }

  private async dropProducer(partition: number): Promise<void> {
    const producer = this.producers.get(partition);
    this.producers.delete(partition);
    await producer?.disconnect().catch(() => undefined);
  }
}
