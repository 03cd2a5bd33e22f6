import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { Command } from '@commander-js/extra-typings';
import { loadConfig } from '@govmetrics/config';
import { TOPICS } from '@govmetrics/contracts';
import type { QuarantinedRecord } from '@govmetrics/kafka';
import { createKafka, KafkaConfigSchema, readQuarantine, RecordPublisher, replayOf } from '@govmetrics/kafka';
import type { Kafka } from 'kafkajs';
import { z } from 'zod';
import type { OptionsOf } from '../command';
import { exitsWith } from '../command';

const QuarantineCliConfigSchema = KafkaConfigSchema.extend({ QUARANTINE_TOPIC: z.string().min(1).default(TOPICS.quarantine) });

const sourceOf = ({ entry }: QuarantinedRecord) => `${entry.source.partition}:${entry.source.offset}`;

/** Each source record once: its first quarantine (a crash before a commit can quarantine it twice). */
function firstPerSource(records: readonly QuarantinedRecord[]): QuarantinedRecord[] {
  const seen = new Map<string, QuarantinedRecord>();
  for (const record of records) {
    const key = `${record.entry.source.topic}/${sourceOf(record)}`;
    if (!seen.has(key)) seen.set(key, record);
  }
  return [...seen.values()];
}

function list(records: readonly QuarantinedRecord[], json: boolean): number {
  const entries = records.map((record) => record.entry);
  const perReason = new Map<string, number>();
  for (const entry of entries) perReason.set(entry.reason, (perReason.get(entry.reason) ?? 0) + 1);
  const counts = Object.fromEntries(perReason);
  if (json) {
    console.log(JSON.stringify({ total: entries.length, counts, entries }, null, 2));
    return 0;
  }
  for (const entry of entries) {
    const what = entry.event ? ` ${entry.event.platform ?? '?'} ${JSON.stringify(entry.event.id)}` : '';
    console.log(
      `${entry.source.topic} ${entry.source.partition}:${entry.source.offset}  ${entry.reason}${what}  ` +
        `(${entry.consumer}, ${entry.time})  ${entry.message.slice(0, 200)}`,
    );
  }
  console.log(
    `${entries.length} quarantined record(s)${
      entries.length > 0
        ? `: ${Object.entries(counts)
            .map(([reason, count]) => `${reason} ${count}`)
            .join(', ')}`
        : ''
    }`,
  );
  return 0;
}

async function replay(records: readonly QuarantinedRecord[], chosen: readonly string[], all: boolean, publisher: RecordPublisher): Promise<number> {
  const picked = all ? records : records.filter((record) => chosen.includes(sourceOf(record)));
  const missing = chosen.filter((offset) => !records.some((record) => sourceOf(record) === offset));
  if (missing.length > 0) {
    console.error(`not in the quarantine: ${missing.join(', ')}`);
    return 1;
  }
  for (const record of picked) {
    const { topic, message } = replayOf(record);
    await publisher.send(topic, [message]);
    console.log(`replayed ${topic} ${sourceOf(record)} (quarantine ${record.entry.quarantine.partition}:${record.entry.quarantine.offset})`);
  }
  console.log(`${picked.length} record(s) replayed`);
  return 0;
}

const listDefinition = () =>
  new Command('list')
    .description('every quarantined record (once per source record): where it came from, why, what it claims to be; counts per reason')
    .option('--json', 'print the records and the counts as JSON');

const replayDefinition = () =>
  new Command('replay')
    .description(
      're-produce the chosen records to their source topic and partition, unchanged, with a header naming the quarantine offset; ' +
        'run it after the cause is removed. Counting once per (source, id) makes a second replay harmless',
    )
    .option('--source-offset <partition:offset...>', 'the records to replay, by their offset on the source topic')
    .option('--all', 'replay every quarantined record');

/** The quarantine's records, each source record once, read with the environment's KAFKA_* and QUARANTINE_TOPIC. */
async function quarantined(): Promise<{ kafka: Kafka; records: QuarantinedRecord[] }> {
  const config = loadConfig(QuarantineCliConfigSchema, process.env);
  const kafka = createKafka(config);
  return { kafka, records: firstPerSource(await readQuarantine(kafka, config.QUARANTINE_TOPIC)) };
}

async function replayChosen(values: OptionsOf<typeof replayDefinition>, command: CommandUnknownOpts): Promise<number> {
  const chosen = values.sourceOffset ?? [];
  if ((values.all === true) === chosen.length > 0) command.error('error: name the records with --source-offset PARTITION:OFFSET ..., or give --all');
  const malformed = chosen.filter((offset) => !/^\d+:\d+$/.test(offset));
  if (malformed.length > 0) command.error(`error: --source-offset takes PARTITION:OFFSET; got ${malformed.join(', ')}`);
  const { kafka, records } = await quarantined();
  const publisher = new RecordPublisher(kafka);
  await publisher.connect();
  try {
    return await replay(records, chosen, values.all === true, publisher);
  } finally {
    await publisher.disconnect();
  }
}

export const quarantineCommand = () =>
  new Command('quarantine')
    .description('operators: `quarantine list` shows records consumers set aside and why; `quarantine replay` re-produces them after a fix')
    .addHelpText(
      'after',
      '\nEnvironment: KAFKA_*, QUARANTINE_TOPIC (default usage.quarantine.v1). On a secured broker: KAFKA_SASL_USERNAME=cli-rebuild ' +
        'for list (it only reads), cli-quarantine-replay for replay (docs/security.md, Kafka principals)',
    )
    .addCommand(listDefinition().action(exitsWith(async (values) => list((await quarantined()).records, values.json === true))))
    .addCommand(replayDefinition().action(exitsWith(replayChosen)));
