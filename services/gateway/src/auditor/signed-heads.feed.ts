import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { TopicTail } from '@govmetrics/kafka';
import { createKafka, ensureTopics, tailTopic, whenKafkaReady } from '@govmetrics/kafka';
import { parseVerifyKeys, SignedHeadsCollection } from '@govmetrics/ledger';
import { SIGNED_HEADS_VIEW_CONFIG, type SignedHeadsViewConfig } from './signed-heads.config';

function parseJson(value: Buffer | null): unknown {
  const text = value?.toString() ?? '';
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The newest signed heads documents on the heads topic (`LEDGER_HEADS_TAIL_DOCUMENTS`), then every one that follows,
 * each checked against the verify keys before its heads become anchors; refused ones are kept to be reported. Without
 * verify keys the gateway checks the chains alone, as before (`collection()` is `undefined`).
 */
@Injectable()
export class SignedHeadsFeed implements OnModuleInit, OnApplicationShutdown {
  private readonly signed: SignedHeadsCollection | undefined;
  private tail?: TopicTail;
  private readonly logger = new Logger(SignedHeadsFeed.name);

  constructor(@Inject(SIGNED_HEADS_VIEW_CONFIG) private readonly config: SignedHeadsViewConfig) {
    // A bad key setting stops the gateway at start, naming the setting: better than verifying against nothing.
    this.signed = config.LEDGER_VERIFY_KEYS === undefined ? undefined : new SignedHeadsCollection(parseVerifyKeys(config.LEDGER_VERIFY_KEYS));
  }

  async onModuleInit(): Promise<void> {
    const signed = this.signed;
    if (signed === undefined) return;
    const kafka = createKafka(this.config);
    const topic = this.config.LEDGER_HEADS_TOPIC;
    const take = (value: Buffer | null, message: { offset: string }, partition: number): void =>
      signed.accept(parseJson(value), `${topic} ${partition}:${message.offset}`);
    // The gateway may start before the scoring service has published: the topic is created, one partition, kept forever.
    const follow = async () => {
      await ensureTopics(kafka, [{ topic, partitions: 1 }]);
      return tailTopic(kafka, topic, take, 'gateway-ledger-heads', { last: this.config.LEDGER_HEADS_TAIL_DOCUMENTS });
    };
    this.tail = await whenKafkaReady(follow, this.config.KAFKA_STARTUP_WAIT_MS, (line) => this.logger.warn(line));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.tail?.stop();
  }

  /** The documents read so far; `undefined` when no verify keys are configured. */
  collection(): SignedHeadsCollection | undefined {
    return this.signed;
  }
}
