import type { PartitionLag } from '@govmetrics/contracts';
import { createKafka, toKafkaError } from '@govmetrics/kafka';
import { readConsumerLag } from '@govmetrics/metrics';
import type { GatewayConfig } from '../gateway.config';
import type { OperationsConfig } from './operations.config';

/**
 * The projector's and the scoring service's lag per partition, from the broker (committed offsets against end offsets),
 * over an admin connection opened for the reading: an operator's page asks every few seconds, and a broker that was down
 * at the gateway's start costs nothing but this answer.
 */
export async function readPipelineLag(config: GatewayConfig & OperationsConfig): Promise<PartitionLag[]> {
  const admin = createKafka(config).admin();
  try {
    await admin.connect();
    const consumers = [
      { consumer: 'projector' as const, groupId: config.PROJECTOR_GROUP_ID, topics: [config.USAGE_EVENTS_TOPIC] },
      { consumer: 'scoring' as const, groupId: config.SCORING_GROUP_ID, topics: [config.AGGREGATES_CHANGED_TOPIC] },
    ];
    const lags = await Promise.all(
      consumers.map(async ({ consumer, groupId, topics }) =>
        (await readConsumerLag(admin, { groupId, topics })).map((lag) => ({ consumer, group: groupId, ...lag })),
      ),
    );
    return lags.flat().sort((a, b) => a.consumer.localeCompare(b.consumer) || a.partition - b.partition);
  } catch (error) {
    throw toKafkaError('pipeline lag reading', error);
  } finally {
    await admin.disconnect();
  }
}
