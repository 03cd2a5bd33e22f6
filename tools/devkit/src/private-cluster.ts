import { existsSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ClusterNode } from './local-cluster';
import { LocalScript } from './local-script';

const SHARED_KAFKA_JARS = resolve(__dirname, '../../../.local/kafka/jars');

/** `cluster.sh env`'s `NAME=value` lines. */
const parseEnv = (printed: string): Record<string, string> =>
  Object.fromEntries(
    printed
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

export type KafkaClusterNode = Extract<ClusterNode, `kafka-${number}`>;

export interface PrivateClusterOptions {
  /** Kafka nodes run each in a network namespace of their own (as root), so that `cut` can isolate one (infra/local/cluster-kafka-netns.sh). */
  namespacedBrokers?: readonly KafkaClusterNode[];
}

/**
 * A 3-broker / ZooKeeper / 2x2 ClickHouse cluster of the test's own (infra/local/cluster.sh with a temporary data
 * folder and its ports shifted by `portOffset`), for tests that kill its nodes: the shared cluster serves other
 * engineers' tests and must never lose a node.
 */
export class PrivateCluster {
  private constructor(
    private readonly script: LocalScript,
    /** What a pipeline sets to use it (KAFKA_BROKERS, CLICKHOUSE_URL, CLICKHOUSE_CLUSTER, …) and where its users live. */
    readonly env: Readonly<Record<string, string>>,
  ) {}

  static async start(portOffset = 100, options: PrivateClusterOptions = {}): Promise<PrivateCluster> {
    const env = {
      CLUSTER_PORT_OFFSET: String(portOffset),
      CLUSTER_KAFKA_NETNS: (options.namespacedBrokers ?? []).map((node) => node.slice('kafka-'.length)).join(' '),
    };
    const script = LocalScript.inTemporaryFolder('cluster', { env, timeoutMs: 600_000, openToServerUser: true });
    // The broker jars the local scripts resolved already (Maven), rather than resolving them again into the temporary folder.
    if (existsSync(SHARED_KAFKA_JARS)) {
      mkdirSync(join(script.folder, 'kafka'));
      symlinkSync(realpathSync(SHARED_KAFKA_JARS), join(script.folder, 'kafka', 'jars'));
    }
    try {
      await script.run('up');
      const env = parseEnv(await script.run('env'));
      // The nodes read the services' least-privilege users from this folder's clickhouse/users.d, where the Pipeline writes them.
      return new PrivateCluster(script, { ...env, GOVMETRICS_LOCAL_DIR: script.folder });
    } catch (error) {
      await new PrivateCluster(script, {}).destroy();
      throw error;
    }
  }

  /** kill -9 of one node's processes. */
  async kill(node: ClusterNode): Promise<void> {
    await this.script.run('kill', node);
  }

  /** A clean stop of one node (TERM, KILL after 30 s). */
  async stop(node: ClusterNode): Promise<void> {
    await this.script.run('stop', node);
  }

  /** Starts one node again with its data, resolved once it answers. */
  async start(node: ClusterNode): Promise<void> {
    await this.script.run('start', node);
  }

  /** Takes a namespaced broker's only link down: it keeps running, unreachable by the other brokers and every client. */
  async cut(node: KafkaClusterNode): Promise<void> {
    await this.script.run('cut', node);
  }

  /** Brings a cut broker's link up again. */
  async heal(node: KafkaClusterNode): Promise<void> {
    await this.script.run('heal', node);
  }

  /** Stops every node, deletes its network namespaces and the folder. */
  async destroy(): Promise<void> {
    await this.script.run('destroy').catch(() => undefined);
    this.script.removeFolder();
  }
}
