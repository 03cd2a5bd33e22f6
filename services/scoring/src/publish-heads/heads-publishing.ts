import type { EventStore } from '@govmetrics/event-store';
import { ensureTopics } from '@govmetrics/kafka';
import { parseSigningKey } from '@govmetrics/ledger';
import type { Kafka } from 'kafkajs';
import type { HeadsPublisherConfig } from './heads.config';
import { fileHeadsSink, kafkaHeadsSink, ledgerHeadsTopic } from './heads-sinks';
import type { HeadsSink } from './ledger-heads.publisher';
import { LedgerHeadsPublisher } from './ledger-heads.publisher';

export interface HeadsPublishing {
  /** Publishes soon: after an append, several appends in a row cost one publication. */
  soon(): void;
  stop(): Promise<void>;
}

const NOT_PUBLISHING: HeadsPublishing = { soon: () => undefined, stop: () => Promise.resolve() };

/** Batches of appends arriving within this many milliseconds are signed once. */
const COALESCE_MS = 200;

/**
 * Publishes the ledger's signed heads at start, then whenever a head moved (soon after each append, or found by the
 * scheduled read) and every LEDGER_HEADS_KEEPALIVE_SECONDS while nothing moves, when a signing key is configured. A failed
 * publication is reported and tried again at the next occasion; a broken chain is never signed.
 */
export async function startHeadsPublishing(
  config: HeadsPublisherConfig,
  kafka: Kafka,
  store: EventStore,
  report: (line: string) => void,
): Promise<HeadsPublishing> {
  if (config.LEDGER_SIGNING_KEY === undefined) return NOT_PUBLISHING;
  const key = parseSigningKey(config.LEDGER_SIGNING_KEY);
  await ensureTopics(kafka, [ledgerHeadsTopic(config.LEDGER_HEADS_TOPIC)]);
  const topic = await kafkaHeadsSink(kafka, config.LEDGER_HEADS_TOPIC);
  const sinks: HeadsSink[] = [topic.sink, ...(config.LEDGER_HEADS_FILE ? [fileHeadsSink(config.LEDGER_HEADS_FILE)] : [])];
  const publisher = new LedgerHeadsPublisher({ store, key, sinks, keepAliveMs: config.LEDGER_HEADS_KEEPALIVE_SECONDS * 1000 });
  const publish = (): Promise<void> =>
    publisher.publish().then(
      (document) =>
        document &&
        report(
          `signed ${document.streams.length} ledger heads with key ${document.keyId} to ${config.LEDGER_HEADS_TOPIC}` +
            `${config.LEDGER_HEADS_FILE ? ` and ${config.LEDGER_HEADS_FILE}` : ''}`,
        ),
      (error: unknown) => report(`publishing signed ledger heads failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  await publish();
  const schedule = setInterval(() => void publish(), config.LEDGER_HEADS_INTERVAL_SECONDS * 1000);
  let pending: NodeJS.Timeout | undefined;
  return {
    soon() {
      pending ??= setTimeout(() => {
        pending = undefined;
        void publish();
      }, COALESCE_MS);
    },
    async stop() {
      clearInterval(schedule);
      clearTimeout(pending);
      await publisher.publish().catch(() => undefined);
      await topic.close();
    },
  };
}
