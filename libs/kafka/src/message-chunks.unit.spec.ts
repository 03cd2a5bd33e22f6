import { inChunks, RELAY_REQUEST_MAX_BYTES } from './message-chunks';

const message = (bytes: number) => ({ key: 'k', value: Buffer.alloc(bytes), headers: { 'govmetrics-rejections': '[]' } });

describe(inChunks.name, () => {
  it('keeps a small output in one request, topics in order', () => {
    const chunks = inChunks([
      { topic: 'accepted', messages: [message(10), message(10)] },
      { topic: 'dlq', messages: [message(10)] },
    ]);
    expect(chunks.map((chunk) => chunk.map(({ topic, messages }) => [topic, messages.length]))).toEqual([
      [
        ['accepted', 2],
        ['dlq', 1],
      ],
    ]);
  });

  it('splits a large output into requests under the limit, each message once and in order, an oversized one alone', () => {
    const dead = Array.from({ length: 40 }, (_, n) => ({ ...message(300_000), key: `d${n}` }));
    const huge = { ...message(RELAY_REQUEST_MAX_BYTES + 1), key: 'huge' };
    const chunks = inChunks([{ topic: 'dlq', messages: [...dead.slice(0, 20), huge, ...dead.slice(20)] }]);
    const sizes = chunks.map((chunk) => chunk.flatMap(({ messages }) => messages).reduce((sum, { value }) => sum + (value?.length ?? 0), 0));
    expect(chunks.flatMap((chunk) => chunk.flatMap(({ messages }) => messages.map(({ key }) => key)))).toEqual(
      [...dead.slice(0, 20), huge, ...dead.slice(20)].map(({ key }) => key),
    );
    expect(sizes.filter((size) => size > RELAY_REQUEST_MAX_BYTES)).toEqual([RELAY_REQUEST_MAX_BYTES + 1]);
    expect(chunks.length).toBeGreaterThanOrEqual(4);
  });

  it('sends nothing for no messages', () => {
    expect(inChunks([{ topic: 'accepted', messages: [] }])).toEqual([]);
  });
});
