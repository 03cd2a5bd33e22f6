import type { Provider } from '@nestjs/common';
import { VerdictSummarySchema } from '@govmetrics/contracts';
import { usageEventsTopic, verdictsTopic } from '@govmetrics/kafka';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { type FeedSubscription, HandlerFeed } from '../topic-feed';
import { OPERATIONS_CONFIG, type OperationsConfig } from './operations.config';
import { VerdictRates } from './verdict-rates';

type Followed = Pick<FeedSubscription, 'spec' | 'groupPrefix' | 'take'>;

/** A topic followed from the gateway's start on (the rates cover only recent minutes), its records counted into the rates. */
const verdictRateFeed = (name: string, follow: (operations: OperationsConfig, rates: VerdictRates, feed: HandlerFeed) => Followed): Provider => ({
  provide: name,
  inject: [GATEWAY_CONFIG, OPERATIONS_CONFIG, VerdictRates],
  useFactory: (config: GatewayConfig, operations: OperationsConfig, rates: VerdictRates) =>
    new HandlerFeed(name, (feed) => ({ kafka: config, from: 'end', ...follow(operations, rates, feed) })),
});

/**
 * The accepted-events topic, each record counted as an acceptance of the platform its key names (`platform:agency`), at
 * the record's time (when the ingest's transaction wrote it). Only the key and timestamp are read: the value is never
 * parsed.
 */
const acceptedEvents = verdictRateFeed('AcceptedEventsFeed', (operations, rates) => {
  const take: FeedSubscription['take'] = (_value, message) => {
    const platform = message.key?.toString().split(':')[0] || null;
    rates.count(platform, 'accepted', Number(message.timestamp));
  };
  // Only its name and partitions, as for the dead letters: the topic's configs are the ingest's to set.
  const spec = { topic: operations.USAGE_EVENTS_TOPIC, partitions: usageEventsTopic(operations.USAGE_EVENTS_TOPIC).partitions };
  return { spec, groupPrefix: 'gateway-verdicts', take };
});

/**
 * The HTTP ingest's verdict summaries, each batch's rejected and duplicate events (or its refusal as a whole, by rule)
 * counted at the time the ingest judged it. Its `accepted` is not counted: the accepted-events topic already counts every acceptance, so nothing is counted
 * twice.
 */
const verdictSummaries = verdictRateFeed('VerdictSummaryFeed', (operations, rates, feed) => {
  // Its retention is set only when the topic is created (never altered), so the gateway may create it first.
  const spec = verdictsTopic(operations.VERDICTS_TOPIC);
  const take = feed.jsonRecords(spec.topic, VerdictSummarySchema, ({ platform, at, duplicates, rejected, refusedBatch }) => {
    const atMs = Date.parse(at);
    if (refusedBatch) rates.countRefusedBatch(platform, refusedBatch, atMs);
    rates.countMany(platform, 'duplicate', duplicates, atMs);
    rates.countMany(
      platform,
      'rejected',
      Object.values(rejected).reduce((sum, n) => sum + n, 0),
      atMs,
    );
  });
  return { spec, groupPrefix: 'gateway-verdict-summaries', take };
});

/** The feeds of the board's verdict rates; the dead-letter feed counts its rejections itself. */
export const verdictRateFeeds: Provider[] = [acceptedEvents, verdictSummaries];
