import { createKafka } from '@govmetrics/kafka';
void (async () => {
  const run = process.argv[2] as string;
  const admin = createKafka({ KAFKA_BROKERS: ['127.0.0.1:9092'], KAFKA_CLIENT_ID: 'lag' }).admin();
  await admin.connect();
  for (const topic of [`usage.events.${run}`, `usage.raw.${run}`]) {
    console.log(topic, JSON.stringify(await admin.fetchTopicOffsets(topic)));
  }
  for (const [groupId, topic] of [
    [`projector-${run}`, `usage.events.${run}`],
    [`validator-${run}`, `usage.raw.${run}`],
  ] as const) {
    console.log(groupId, JSON.stringify(await admin.fetchOffsets({ groupId, topics: [topic] })));
  }
  await admin.disconnect();
})();
