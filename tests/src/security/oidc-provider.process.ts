import type { Role } from '@govmetrics/contracts';
import { freePort } from '@govmetrics/devkit';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** One client-credentials client of the provider and what its tokens say. */
export interface OidcClient {
  id: string;
  roles: Role[];
  audience: string;
  platform?: string;
  agencies?: string[];
  /** Access-token lifetime in seconds (default 600). */
  ttl?: number;
}

/** A fresh RS256 signing key, private JWK, for one or more providers that must sign alike. */
export async function signingKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomBytes(4).toString('hex'), alg: 'RS256', use: 'sig' };
}

/** `oidc-provider` (npm) running as its own process on a free loopback port: a real OpenID Connect provider, not a mock. */
export class OidcProviderProcess {
  private constructor(
    readonly issuer: string,
    private readonly child: ChildProcess,
    private readonly secrets: ReadonlyMap<string, string>,
    private readonly dir: string,
  ) {}

  static async start(clients: readonly OidcClient[], key: JWK): Promise<OidcProviderProcess> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'oidc-'));
    const secrets = new Map(clients.map((client) => [client.id, randomBytes(24).toString('hex')]));
    const setup = { keys: [key], clients: clients.map(({ id, ...claims }) => ({ client_id: id, client_secret: secrets.get(id), ...claims })) };
    writeFileSync(join(dir, 'setup.json'), JSON.stringify(setup));
    const child = spawn(process.execPath, [resolve(__dirname, 'oidc-provider.mjs'), String(port), join(dir, 'setup.json')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const provider = new OidcProviderProcess(`http://127.0.0.1:${port}`, child, secrets, dir);
    await provider.listening();
    return provider;
  }

  /** An access token for `clientId`, from the provider's token endpoint (client_credentials grant). */
  async token(clientId: string): Promise<string> {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: this.secrets.get(clientId) ?? '', scope: 'api' });
    const response = await fetch(`${this.issuer}/token`, { method: 'POST', body });
    const answer = (await response.json()) as { access_token?: string };
    if (!answer.access_token) throw new Error(`the provider issued no token for ${clientId}: ${JSON.stringify(answer)}`);
    return answer.access_token;
  }

  async stop(): Promise<void> {
    const gone = new Promise((done) => this.child.once('exit', done));
    this.child.kill('SIGTERM');
    await gone;
    rmSync(this.dir, { recursive: true, force: true });
  }

  private listening(): Promise<void> {
    let output = '';
    return new Promise((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`the OIDC provider did not start:\n${output}`)), 30_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('listening on')) {
          clearTimeout(timer);
          ready();
        }
      };
      this.child.stdout?.on('data', read);
      this.child.stderr?.on('data', read);
      this.child.once('exit', (code) => fail(new Error(`the OIDC provider exited (${code}):\n${output}`)));
    });
  }
}
