import { randomBytes } from 'node:crypto';
import { createKafka } from './create-kafka';
import { ensureTopics } from './topic-bootstrap';
import { type TailStart, tailTopic, type TopicTail } from './topic-tail';

const kafka = createKafka({ KAFKA_BROKERS: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), KAFKA_CLIENT_ID: 'topic-tail-test' });

describe(tailTopic.name, () => {
  const topic = `tail.test.${randomBytes(5).toString('hex')}`;
  const producer = kafka.producer();
  const tails: TopicTail[] = [];
  const follow = async (from: TailStart) => {
    const seen: string[] = [];
    tails.push(await tailTopic(kafka, topic, (value) => seen.push(String(value)), 'tail-test', from));
    return seen;
  };
  const produce = (...values: string[]) => producer.send({ topic, messages: values.map((value, n) => ({ value, partition: n % 3 })) });
  const until = async (seen: string[], count: number) => {
    const deadline = Date.now() + 20_000;
    while (seen.length < count && Date.now() < deadline) await new Promise((later) => setTimeout(later, 50));
  };

  beforeAll(async () => {
    await ensureTopics(kafka, [{ topic, partitions: 3 }]);
    await producer.connect();
    await produce('old-1', 'old-2', 'old-3');
  });

  afterAll(async () => {
    await Promise.all(tails.map((tail) => tail.stop()));
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).finally(() => admin.disconnect());
  });

  it('from the end, sees every message written after it started, even those written before its group had joined, and none before', async () => {
    // Given a follower of news started on a topic that already holds three messages
    const news = await follow('end');
    // When four messages follow at once (the consumer group takes seconds to join)
    await produce('new-1', 'new-2', 'new-3', 'new-4');
    // Then it sees exactly those four, on every partition
    await until(news, 4);
    await new Promise((later) => setTimeout(later, 500));
    expect(news.sort()).toEqual(['new-1', 'new-2', 'new-3', 'new-4']);
  });

  it('from the beginning, sees the whole topic', async () => {
    const history = await follow('beginning');
    await until(history, 7);
    expect(history.sort()).toEqual(['new-1', 'new-2', 'new-3', 'new-4', 'old-1', 'old-2', 'old-3']);
  });

  it("from the last N, sees each partition's N newest messages and none older", async () => {
    // Given the topic's partitions holding old-1, new-1, new-4 (partition 0); old-2, new-2 (1); old-3, new-3 (2)
    const newest = await follow({ last: 1 });
    await until(newest, 3);
    await new Promise((later) => setTimeout(later, 500));
    expect(newest.sort()).toEqual(['new-2', 'new-3', 'new-4']);
  });
});
