import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { KafkaConfig, TailStart, TopicSpec, TopicTail } from '@govmetrics/kafka';
import { createKafka, ensureTopics, tailTopic, whenKafkaReady } from '@govmetrics/kafka';
import { withTraceFrom } from '@govmetrics/tracing';
import type { z } from 'zod';

/** What a feed does with each record: its value, the record, its partition. */
export type TakeRecord = Parameters<typeof tailTopic>[2];

export interface FeedSubscription {
  kafka: Pick<KafkaConfig, 'KAFKA_BROKERS' | 'KAFKA_CLIENT_ID' | 'KAFKA_STARTUP_WAIT_MS'>;
  spec: TopicSpec;
  groupPrefix: string;
  from: TailStart;
  take: TakeRecord;
}

function parseJson(value: Buffer | null): unknown {
  try {
    return JSON.parse(value?.toString() ?? 'null');
  } catch {
    return undefined;
  }
}

/**
 * A topic the gateway follows for as long as it runs, under a consumer group of its own that commits nothing (every
 * replica sees every record): started with the module, the topic created when missing (the gateway may start before
 * its writer), stopped at shutdown. A feed says what it follows (`subscription()`, undefined for nothing) and folds
 * each record into what its endpoints read.
 */
export abstract class TopicFeed implements OnModuleInit, OnApplicationShutdown {
  private tail?: TopicTail;
  protected readonly logger = new Logger(this.constructor.name);

  protected abstract subscription(): FeedSubscription | undefined;

  /** At shutdown, before the consumer stops: complete what streams read. */
  protected stopped(): void {}

  async onModuleInit(): Promise<void> {
    const subscription = this.subscription();
    if (subscription === undefined) return;
    const { kafka: config, spec, groupPrefix, from, take } = subscription;
    const kafka = createKafka(config);
    // A topic created a moment ago may not have its leaders yet: reading its offsets is retried like its creation.
    const follow = async () => {
      await ensureTopics(kafka, [spec]);
      return tailTopic(kafka, spec.topic, take, groupPrefix, from);
    };
    this.tail = await whenKafkaReady(follow, config.KAFKA_STARTUP_WAIT_MS, { warn: (line) => this.logger.warn(line) });
  }

  /** Whether it follows its topic, and has read what it was to read of what was there when it started (readiness). */
  state(): { attached: boolean; caughtUp: boolean } {
    return this.tail?.state() ?? { attached: false, caughtUp: false };
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped();
    await this.tail?.stop();
  }

  /**
   * Each record whose JSON value `schema` accepts, to `onMessage`, run in the trace the record carries (a span it starts
   * continues the writer's); one that breaks it is logged, never fatal.
   */
  jsonRecords<T extends z.ZodType>(topic: string, schema: T, onMessage: (message: z.infer<T>) => void): TakeRecord {
    return (value, message) => {
      const parsed = schema.safeParse(parseJson(value));
      if (parsed.success) withTraceFrom(message.headers, () => onMessage(parsed.data));
      else this.logger.warn(`skipped a message of ${topic} that breaks its schema: ${parsed.error.message}`);
    };
  }
}

/**
 * A feed that keeps nothing of its own: its subscription's handler folds each record into what another provider holds
 * (the operations board's verdict rates). `name` is what its log lines carry; `subscribe` is given the feed, whose
 * `jsonRecords` logs what it skips under that name.
 */
export class HandlerFeed extends TopicFeed {
  protected override readonly logger: Logger;

  constructor(
    name: string,
    private readonly subscribe: (feed: HandlerFeed) => FeedSubscription,
  ) {
    super();
    this.logger = new Logger(name);
  }

  protected subscription(): FeedSubscription {
    return this.subscribe(this);
  }
}
