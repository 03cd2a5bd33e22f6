import { ClickHouseConfigSchema } from './clickhouse-config';

describe('ClickHouseConfigSchema cluster keys', () => {
  it('is single-node by default: no cluster, no shard list', () => {
    expect(ClickHouseConfigSchema.parse({})).toMatchObject({ CLICKHOUSE_CLUSTER: '', CLICKHOUSE_SHARD_URLS: [] });
  });

  it('reads shards separated by ";" and a shard’s replicas by ","', () => {
    const config = ClickHouseConfigSchema.parse({
      CLICKHOUSE_CLUSTER: 'govmetrics',
      CLICKHOUSE_SHARD_URLS: 'http://a:8321, http://b:8322;http://c:8323,http://d:8324',
    });
    expect(config.CLICKHOUSE_SHARD_URLS).toEqual([
      ['http://a:8321', 'http://b:8322'],
      ['http://c:8323', 'http://d:8324'],
    ]);
  });

  it('refuses a server that is not a URL and a cluster name that is not an identifier, naming the key', () => {
    expect(() => ClickHouseConfigSchema.parse({ CLICKHOUSE_SHARD_URLS: 'http://a:8321;127.0.0.1:8323' })).toThrow('CLICKHOUSE_SHARD_URLS');
    expect(() => ClickHouseConfigSchema.parse({ CLICKHOUSE_CLUSTER: 'a cluster' })).toThrow('CLICKHOUSE_CLUSTER');
  });
});
