import type { TableChecksum } from '@govmetrics/clickhouse';
import { ClickHouseConfigSchema, connectClickHouse, migrate, queryUsageChecksums, USAGE_MIGRATIONS, UsageBatchSink } from '@govmetrics/clickhouse';
import { loadConfig } from '@govmetrics/config';
import { TOPICS } from '@govmetrics/contracts';
import { createKafka, KafkaConfigSchema, replayTopic } from '@govmetrics/kafka';
import { decodeLogRecord } from '@govmetrics/projection';
import { z } from 'zod';
import type { CliCommand } from '../command';

const RebuildConfigSchema = KafkaConfigSchema.extend(ClickHouseConfigSchema.shape).extend({
  USAGE_EVENTS_TOPIC: z.string().min(1).default(TOPICS.usageEvents),
});

const format = (label: string, checksums: readonly TableChecksum[]) =>
  checksums.map((c) => `${label.padEnd(8)} ${c.table.padEnd(14)} rows ${String(c.rows).padStart(9)}  checksum ${c.checksum}`);

/**
 * Replays the usage topic from its first offset into a fresh database through the same sink the projector
 * writes with, then prints the checksum of every table of the rebuilt and of the live read model. Exits 1
 * when they differ: on a projector that has caught up with the log, that means the live tables are wrong.
 */
export const rebuildCommand: CliCommand = {
  name: 'rebuild',
  summary: 'replay the usage topic into fresh tables and compare their checksums with the live ones',
  async run(args) {
    const config = loadConfig(RebuildConfigSchema, process.env);
    const target = args[0] ?? `${config.CLICKHOUSE_DATABASE}_rebuild_${Date.now()}`;
    const rebuilt = await connectClickHouse({ ...config, CLICKHOUSE_DATABASE: target });
    const live = await connectClickHouse(config);
    try {
      await migrate(rebuilt, USAGE_MIGRATIONS);
      const sink = new UsageBatchSink(rebuilt, { database: target });
      const replayed = await replayTopic(createKafka(config), config.USAGE_EVENTS_TOPIC, `rebuild-${target}`, async (batch) => {
        const events = batch.messages.map((message) => decodeLogRecord(message.value, batch.partition, message.offset));
        const first = batch.messages[0]?.offset ?? '0';
        const last = batch.messages[batch.messages.length - 1]?.offset ?? first;
        await sink.write({ partition: batch.partition, firstOffset: first, lastOffset: last }, events);
      });
      const [fresh, current] = [await queryUsageChecksums(rebuilt), await queryUsageChecksums(live)];
      console.log(`replayed ${replayed} records of ${config.USAGE_EVENTS_TOPIC} into database ${target}`);
      console.log([...format('rebuilt', fresh), ...format('live', current)].join('\n'));
      const same = JSON.stringify(fresh) === JSON.stringify(current);
      console.log(same ? 'identical: the rebuilt read model equals the live one' : 'DIFFERENT: the rebuilt read model does not equal the live one');
      return same ? 0 : 1;
    } finally {
      await rebuilt.close();
      await live.close();
    }
  },
};
