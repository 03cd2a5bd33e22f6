import { inConsumedBatch } from '@govmetrics/tracing';
import type { CustomTransportStrategy, MessageHandler } from '@nestjs/microservices';
import { BaseRpcContext, Server } from '@nestjs/microservices';
import type { Consumer, ConsumerConfig, Kafka } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import type { ConsumedBatch } from '../consumed-batch';
import { ConsumerRevival, givenUpLine } from '../consumer-revival';
import type { HeldPartitions } from '../progress/consumer-health';
import type { Culprit } from '../quarantine/poison';
import { isolatePoison } from '../quarantine/poison';
import type { RecordPublisher } from '../quarantine/quarantine.publisher';
import { quarantineRecord } from '../quarantine/quarantine.publisher';
import { quarantinedLines } from '../quarantine/quarantined-lines';

export class KafkaBatchContext extends BaseRpcContext<[topic: string, partition: number]> {}

/**
 * A batch's handler failed for a reason that is not its records (a server down, a missing table): kafkajs retries
 * the batch, then restarts the consumer with backoff. Without `retriable: true` kafkajs would treat an error that
 * says `retriable: false` (a systemic ClickHouseError) as fatal and stop consuming for good.
 */
export class BatchHandlingError extends Error {
  readonly code = 'BATCH_HANDLING_FAILED';
  readonly retriable = true;
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'BatchHandlingError';
  }
}

/** Group errors kafkajs answers by rejoining the group; its commit retrier wraps them as fatal, so they are unwrapped. */
const REJOIN_ON = new Set(['UNKNOWN_MEMBER_ID', 'REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'NOT_COORDINATOR_FOR_GROUP']);

function asGroupError(error: unknown): unknown {
  const cause = error instanceof Error ? error.cause : undefined;
  const type = (cause as { type?: unknown } | undefined)?.type;
  return typeof type === 'string' && REJOIN_ON.has(type) ? cause : error;
}

export interface KafkaBatchTransportOptions {
  kafka: Kafka;
  consumer: ConsumerConfig;
  /** topic → the `@EventPattern` whose handler takes that topic's batches */
  subscriptions: Record<string, string>;
  fromBeginning?: boolean;
  /** Partitions whose batches are handled at the same time; each partition's batches stay in order. Default 1. */
  partitionsConsumedConcurrently?: number;
  /**
   * Where records a handler refuses as poison go, so their partition moves on. Without it a poison error is
   * retried like any other (the batch is not committed).
   */
  quarantine?: { publisher: RecordPublisher; topic: string; consumer: string };
}

/**
 * A Nest microservice transport that hands whole Kafka batches to `@EventPattern` handlers and commits a
 * batch's offsets only after its handler resolved. Nest's built-in Kafka transport delivers one message at a
 * time and commits on its own schedule, which rules out batched sink writes with an exact commit point.
 * When a handler throws a poison error (`poison === true`), the culprit records are isolated (`isolatePoison`),
 * published to the quarantine topic, the rest handled, and only then the batch committed.
 */
export class KafkaBatchTransport extends Server implements CustomTransportStrategy {
  private consumer?: Consumer;
  private held?: HeldPartitions;
  private readonly revival: ConsumerRevival;

  constructor(private readonly options: KafkaBatchTransportOptions) {
    super();
    this.revival = new ConsumerRevival(() => this.start(), {
      group: options.consumer.groupId,
      onGivenUp: (error, inMs) => {
        this.logger.error(givenUpLine(error, inMs));
      },
    });
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.revival.begin();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Stops consuming, then closes the quarantine producer it was given (it owns it from then on). */
  async close(): Promise<void> {
    this.revival.stop();
    await this.consumer?.disconnect();
    await this.options.quarantine?.publisher.disconnect();
  }

  /** The partitions this member holds since its last group join; undefined before it joined and once it stopped or crashed for good. */
  heldPartitions(): HeldPartitions | undefined {
    return this.held;
  }

  on(): never {
    throw new Error('KafkaBatchTransport does not emit events');
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('KafkaBatchTransport is not listening yet');
    return this.consumer as T;
  }

  /** A new member of the group, running; one kafkajs gives up is replaced through this (`ConsumerRevival`). */
  private async start(): Promise<Consumer> {
    const consumer = this.options.kafka.consumer(this.options.consumer);
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => (this.held = payload.memberAssignment));
    consumer.on(consumer.events.STOP, () => (this.held = undefined));
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.held = undefined;
    });
    try {
      await this.run(consumer);
      return consumer;
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  private async run(consumer: Consumer): Promise<void> {
    await consumer.connect();
    await consumer.subscribe({ topics: Object.keys(this.options.subscriptions), fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: async (payload) => {
        const { batch } = payload;
        // A batch fetched before a rebalance that took its partition away is left to the new owner.
        if (batch.messages.length === 0 || payload.isStale()) return;
        // kafkajs heartbeats only when asked: keep the membership alive while a long batch is written,
        // or the group evicts this member mid-batch and hands the partition to another.
        const heartbeats = setInterval(() => void payload.heartbeat().catch(() => undefined), 1000);
        try {
          const consumed = { topic: batch.topic, partition: batch.partition, messages: batch.messages };
          await inConsumedBatch(`process ${batch.topic}`, consumed, () => this.handle(this.handlerFor(batch.topic), consumed));
        } catch (error) {
          throw new BatchHandlingError(
            `handling ${batch.topic}/${batch.partition} from offset ${batch.firstOffset()} ` +
              `failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
            { cause: error },
          );
        } finally {
          clearInterval(heartbeats);
        }
        const next = (BigInt(batch.lastOffset()) + 1n).toString();
        // A member evicted while it handled the batch cannot commit: it rejoins, and the batch's new owner handles it again (idempotently).
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]).catch((error: unknown) => {
          throw asGroupError(error);
        });
        payload.resolveOffset(batch.lastOffset());
        await payload.heartbeat();
      },
    });
  }

  private handlerFor(topic: string): MessageHandler {
    const pattern = this.options.subscriptions[topic];
    const handler = pattern === undefined ? null : this.getHandlerByPattern(pattern);
    if (!handler) throw new Error(`no @EventPattern handler is registered for topic ${topic}`);
    return handler;
  }

  private async handle(handler: MessageHandler, batch: ConsumedBatch): Promise<void> {
    const quarantine = this.options.quarantine;
    if (!quarantine) return this.dispatch(handler, batch);
    const culprits = await isolatePoison(batch.messages, (messages) => this.dispatch(handler, { ...batch, messages: [...messages] }));
    if (culprits.length === 0) return;
    const ordered = byOffset(culprits);
    await quarantine.publisher.send(
      quarantine.topic,
      ordered.map(({ message, reason, detail }) => quarantineRecord(message, batch, { reason, message: detail }, quarantine.consumer)),
    );
    for (const line of quarantinedLines(ordered, batch, quarantine)) this.logger.warn(line);
  }

  private async dispatch(handler: MessageHandler, batch: ConsumedBatch): Promise<void> {
    const result: unknown = await handler(batch, new KafkaBatchContext([batch.topic, batch.partition]));
    await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
  }
}

const byOffset = <M extends { offset: string }>(culprits: Culprit<M>[]): Culprit<M>[] =>
  [...culprits].sort((a, b) => (BigInt(a.message.offset) < BigInt(b.message.offset) ? -1 : 1));
