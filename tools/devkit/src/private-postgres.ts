import { freePort } from './free-port';
import { LocalScript, PrivateServer } from './local-script';

/** A PostgreSQL cluster of the test's own (initdb into a temporary folder, another port, via infra/local/postgres.sh). */
export class PrivatePostgres extends PrivateServer {
  private constructor(
    script: LocalScript,
    /** The superuser's URL, trusted on the loopback like the shared cluster's. */
    readonly url: string,
  ) {
    super(script);
  }

  static async start(): Promise<PrivatePostgres> {
    const port = await freePort();
    const script = LocalScript.inTemporaryFolder('postgres', { env: { PGPORT: String(port) }, timeoutMs: 120_000, openToServerUser: true });
    await script.run('start');
    return new PrivatePostgres(script, `postgres://postgres@127.0.0.1:${port}/postgres`);
  }
}
