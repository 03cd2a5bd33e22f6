import { Inject, Injectable } from '@nestjs/common';
import { parseVerifyKeys, SignedHeadsCollection } from '@govmetrics/ledger';
import { type FeedSubscription, TopicFeed } from '../topic-feed';
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
export class SignedHeadsFeed extends TopicFeed {
  private readonly signed: SignedHeadsCollection | undefined;

  constructor(@Inject(SIGNED_HEADS_VIEW_CONFIG) private readonly config: SignedHeadsViewConfig) {
    super();
    // A bad key setting stops the gateway at start, naming the setting: better than verifying against nothing.
    this.signed = config.LEDGER_VERIFY_KEYS === undefined ? undefined : new SignedHeadsCollection(parseVerifyKeys(config.LEDGER_VERIFY_KEYS));
  }

  protected subscription(): FeedSubscription | undefined {
    const signed = this.signed;
    if (signed === undefined) return undefined;
    const topic = this.config.LEDGER_HEADS_TOPIC;
    const take = (value: Buffer | null, message: { offset: string }, partition: number): void =>
      signed.accept(parseJson(value), `${topic} ${partition}:${message.offset}`);
    // The scoring service may not have published yet: the topic is created, one partition, kept forever.
    return {
      kafka: this.config,
      spec: { topic, partitions: 1 },
      groupPrefix: 'gateway-ledger-heads',
      from: { last: this.config.LEDGER_HEADS_TAIL_DOCUMENTS },
      take,
    };
  }

  /** The documents read so far; `undefined` when no verify keys are configured. */
  collection(): SignedHeadsCollection | undefined {
    return this.signed;
  }
}
