import { Command } from '@commander-js/extra-typings';
import type { TableChecksum } from '@govmetrics/clickhouse';
import { ClickHouseConfigSchema, connectClickHouse, openUsageStore, queryUsageChecksums } from '@govmetrics/clickhouse';
import { loadConfig } from '@govmetrics/config';
import { TOPICS } from '@govmetrics/contracts';
import type { ConsumedBatch, ReplayCount } from '@govmetrics/kafka';
import { createKafka, ensureTopics, isolatePoison, KafkaConfigSchema, quarantineTopic, readQuarantine, replayTopic } from '@govmetrics/kafka';
import type { UsageBatchSink } from '@govmetrics/projection';
import { decodeLogRecords } from '@govmetrics/projection';
import type { Kafka } from 'kafkajs';
import { z } from 'zod';
import { exitsWith } from '../command';

const RebuildConfigSchema = KafkaConfigSchema.extend(ClickHouseConfigSchema.shape).extend({
  USAGE_EVENTS_TOPIC: z.string().min(1).default(TOPICS.usageEvents),
  QUARANTINE_TOPIC: z.string().min(1).default(TOPICS.quarantine),
});

/** `partition:offset` of every record of `topic` the live consumers quarantined: the live read model never held them. */
async function quarantinedFrom(kafka: Kafka, quarantine: string, topic: string): Promise<Set<string>> {
  await ensureTopics(kafka, [quarantineTopic(quarantine)]);
  const records = await readQuarantine(kafka, quarantine);
  return new Set(records.filter(({ entry }) => entry.source.topic === topic).map(({ entry }) => `${entry.source.partition}:${entry.source.offset}`));
}

/** Writes a batch like the projector does; records it cannot project are skipped and counted, never a stop. */
async function project(sink: UsageBatchSink, batch: ConsumedBatch): Promise<number> {
  const culprits = await isolatePoison(batch.messages, async (messages) => {
    const first = messages[0]?.offset ?? '0';
    const last = messages[messages.length - 1]?.offset ?? first;
    await sink.write({ partition: batch.partition, firstOffset: first, lastOffset: last }, decodeLogRecords(messages, batch.partition));
  });
  return culprits.length;
}

/**
 * How the log's records became events: a record written twice (a producer's retry) is folded once, and a record the
 * client fetched twice is handed over once; both are said, so an auditor sees what the log holds, not just the sums.
 */
function logAccount(replayed: ReplayCount, notProjected: number, fresh: readonly TableChecksum[]): string {
  const events = fresh.find((checksum) => checksum.table === 'usage_events')?.rows ?? 0;
  const repeated = replayed.records - notProjected - events;
  return (
    `${events} distinct events from ${replayed.records - notProjected} projected records (${repeated} held twice in the log, counted once); ` +
    `${replayed.handedAgain} record(s) fetched again by the client, handed over once`
  );
}

const format = (label: string, checksums: readonly TableChecksum[]) =>
  checksums.map((c) => `${label.padEnd(8)} ${c.table.padEnd(14)} rows ${String(c.rows).padStart(9)}  checksum ${c.checksum}`);

/**
 * Replays the usage topic from its first offset into a fresh database through the same sink the projector
 * writes with, then prints the checksum of every table of the rebuilt and of the live read model. Exits 1
 * when they differ: on a projector that has caught up with the log, that means the live tables are wrong.
 * The live read model is the log minus what was quarantined (a replay after a fix is a new record of the log),
 * so the records the quarantine names are skipped, and any other record that cannot be projected is skipped
 * and counted: a poison record never stops a rebuild, and one the live projector did not quarantine shows as a difference.
 */
async function rebuild(targetDatabase: string | undefined): Promise<number> {
  const config = loadConfig(RebuildConfigSchema, process.env);
  const target = targetDatabase ?? `${config.CLICKHOUSE_DATABASE}_rebuild_${Date.now()}`;
  // On a cluster (CLICKHOUSE_CLUSTER) the fresh tables are a cluster database too, folded shard by shard like the live ones.
  const rebuilt = await openUsageStore({ ...config, CLICKHOUSE_DATABASE: target });
  const live = await connectClickHouse(config);
  try {
    const sink = rebuilt.sink;
    const kafka = createKafka(config);
    const quarantined = await quarantinedFrom(kafka, config.QUARANTINE_TOPIC, config.USAGE_EVENTS_TOPIC);
    let [skipped, unprojectable] = [0, 0];
    const replayed = await replayTopic(kafka, config.USAGE_EVENTS_TOPIC, `rebuild-${target}`, async (batch) => {
      const messages = batch.messages.filter((message) => !quarantined.has(`${batch.partition}:${message.offset}`));
      skipped += batch.messages.length - messages.length;
      unprojectable += await project(sink, { ...batch, messages });
    });
    const [fresh, current] = [await queryUsageChecksums(rebuilt.reader), await queryUsageChecksums(live)];
    console.log(`replayed ${replayed.records} records of ${config.USAGE_EVENTS_TOPIC} into database ${target}`);
    console.log(`skipped ${skipped} record(s) the live projector quarantined (${config.QUARANTINE_TOPIC}) and ${unprojectable} more that cannot be projected`);
    console.log(logAccount(replayed, skipped + unprojectable, fresh));
    console.log([...format('rebuilt', fresh), ...format('live', current)].join('\n'));
    const same = JSON.stringify(fresh) === JSON.stringify(current);
    console.log(same ? 'identical: the rebuilt read model equals the live one' : 'DIFFERENT: the rebuilt read model does not equal the live one');
    return same ? 0 : 1;
  } finally {
    await rebuilt.close();
    await live.close();
  }
}

export const rebuildCommand = () =>
  new Command('rebuild')
    .description('replay the usage topic into fresh tables and compare their checksums with the live ones; exits 1 when they differ')
    .argument('[target-database]', 'the database to rebuild into (default: CLICKHOUSE_DATABASE_rebuild_<now>)')
    .addHelpText(
      'after',
      '\nEnvironment: KAFKA_*, CLICKHOUSE_*, USAGE_EVENTS_TOPIC, QUARANTINE_TOPIC. On a secured broker: KAFKA_SASL_USERNAME=cli-rebuild (reads only)',
    )
    .action(exitsWith(rebuild));
