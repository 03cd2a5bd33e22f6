import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const CLUSTER_SCRIPT = resolve(__dirname, '../../../infra/local/cluster.sh');
const run = promisify(execFile);

/** A node of the local cluster, as infra/local/cluster.sh names it. */
export type ClusterNode = 'zookeeper' | `kafka-${1 | 2 | 3}` | `clickhouse-${1 | 2}-${1 | 2}`;

/**
 * The local 3-broker / ZooKeeper / 2x2 ClickHouse cluster of infra/local/cluster.sh (docs/cluster.md). `use()` starts
 * whatever node is down (scripts/test.sh starts the cluster once for the whole run), and `release()` stops the cluster
 * only when `use()` found every node down: a test never stops a cluster someone else started, even one with a node
 * a fault test has just killed.
 */
export class LocalCluster {
  private constructor(
    readonly env: Readonly<Record<string, string>>,
    private readonly startedHere: boolean,
  ) {}

  static async use(): Promise<LocalCluster> {
    const status = await run('bash', [CLUSTER_SCRIPT, 'status']).then(
      ({ stdout }) => stdout,
      (error: { stdout?: string }) => error.stdout ?? '',
    );
    const nodesUp = status.split('\n').filter((line) => line.includes(': up')).length;
    await script('up');
    const env = Object.fromEntries(
      (await script('env'))
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    return new LocalCluster(env, nodesUp === 0);
  }

  /** The servers' HTTP URLs by shard, as CLICKHOUSE_SHARD_URLS lists them. */
  get shardUrls(): string[][] {
    return (this.env.CLICKHOUSE_SHARD_URLS ?? '').split(';').map((shard) => shard.split(','));
  }

  async release(): Promise<void> {
    if (this.startedHere) await script('down');
  }
}

async function script(...args: string[]): Promise<string> {
  try {
    return (await run('bash', [CLUSTER_SCRIPT, ...args], { maxBuffer: 16 * 1024 * 1024, timeout: 600_000 })).stdout;
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`infra/local/cluster.sh ${args.join(' ')} failed:\n${stderr ?? String(error)}`, { cause: error });
  }
}
