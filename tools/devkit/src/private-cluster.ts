import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { ClusterNode } from './local-cluster';

const CLUSTER_SCRIPT = resolve(__dirname, '../../../infra/local/cluster.sh');
const SHARED_KAFKA_JARS = resolve(__dirname, '../../../.local/kafka/jars');
const run = promisify(execFile);

/**
 * A 3-broker / ZooKeeper / 2x2 ClickHouse cluster of the test's own (infra/local/cluster.sh with a temporary data
 * folder and its ports shifted by `portOffset`), for tests that kill its nodes: the shared cluster serves other
 * engineers' tests and must never lose a node.
 */
export class PrivateCluster {
  private constructor(
    private readonly scriptEnv: Record<string, string>,
    /** What a pipeline sets to use it (KAFKA_BROKERS, CLICKHOUSE_URL, CLICKHOUSE_CLUSTER, …) and where its users live. */
    readonly env: Readonly<Record<string, string>>,
  ) {}

  static async start(portOffset = 100): Promise<PrivateCluster> {
    const folder = mkdtempSync(join(tmpdir(), 'govmetrics-cluster-'));
    chmodSync(folder, 0o755);
    // The broker jars the local scripts resolved already (Maven), rather than resolving them again into the temporary folder.
    if (existsSync(SHARED_KAFKA_JARS)) {
      mkdirSync(join(folder, 'kafka'));
      symlinkSync(realpathSync(SHARED_KAFKA_JARS), join(folder, 'kafka', 'jars'));
    }
    const scriptEnv = { GOVMETRICS_LOCAL_DIR: folder, CLUSTER_PORT_OFFSET: String(portOffset) };
    const cluster = new PrivateCluster(scriptEnv, {});
    try {
      await cluster.script('up');
      const printed = await cluster.script('env');
      const env = Object.fromEntries(
        printed
          .split('\n')
          .filter((line) => line.includes('='))
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      );
      // The nodes read the services' least-privilege users from this folder's clickhouse/users.d, where the Pipeline writes them.
      return new PrivateCluster(scriptEnv, { ...env, GOVMETRICS_LOCAL_DIR: folder });
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
  }

  /** kill -9 of one node's processes. */
  async kill(node: ClusterNode): Promise<void> {
    await this.script('kill', node);
  }

  /** A clean stop of one node (TERM, KILL after 30 s). */
  async stop(node: ClusterNode): Promise<void> {
    await this.script('stop', node);
  }

  /** Starts one node again with its data, resolved once it answers. */
  async start(node: ClusterNode): Promise<void> {
    await this.script('start', node);
  }

  /** Stops every node and deletes the folder. */
  async destroy(): Promise<void> {
    await this.script('destroy').catch(() => undefined);
    rmSync(this.scriptEnv.GOVMETRICS_LOCAL_DIR as string, { recursive: true, force: true });
  }

  private async script(...args: string[]): Promise<string> {
    const { stdout } = await run('bash', [CLUSTER_SCRIPT, ...args], {
      env: { ...process.env, ...this.scriptEnv },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 600_000,
    });
    return stdout;
  }
}
