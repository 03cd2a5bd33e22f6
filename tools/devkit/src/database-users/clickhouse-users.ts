import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Credentials, DatabaseUsers } from './database-users';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const user = (credentials: Credentials, profile: string) => `    <${credentials.user}>
      <password_sha256_hex>${sha256(credentials.password)}</password_sha256_hex>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>${profile}</profile>
      <quota>default</quota>
    </${credentials.user}>`;

/**
 * ClickHouse 18.16 has no SQL users: they live in users.xml and the users.d/*.xml merged into it. This file only adds
 * two profiles and two users; `default` stays as it is. The projector may run DDL; the reader may run neither DDL nor
 * INSERT (`readonly=1`, which also forbids changing settings).
 */
export function clickHouseUsersXml(users: DatabaseUsers): string {
  return `<?xml version="1.0"?>
<!-- Written by infra/local/db-users.sh (tools/devkit/src/database-users): govmetrics' least-privilege users. -->
<yandex>
  <profiles>
    <govmetrics_projector><readonly>0</readonly><allow_ddl>1</allow_ddl><max_memory_usage>4000000000</max_memory_usage></govmetrics_projector>
    <govmetrics_reader><readonly>1</readonly><allow_ddl>0</allow_ddl><max_memory_usage>4000000000</max_memory_usage></govmetrics_reader>
  </profiles>
  <users>
${user(users.projector, 'govmetrics_projector')}
${user(users.reader, 'govmetrics_reader')}
  </users>
</yandex>
`;
}

/**
 * Writes users.d/govmetrics.xml beside the server's users.xml when its content changed (atomically: a reload never
 * sees half a file), then waits until the server, which rereads its users every few seconds, lets both users in.
 * `configDir` undefined: the server is configured elsewhere, so only the logins are checked.
 */
export async function installClickHouseUsers(options: { configDir: string | undefined; url: string; users: DatabaseUsers; timeoutMs?: number }): Promise<void> {
  const { configDir, url, users } = options;
  if (configDir !== undefined && existsSync(configDir)) {
    const file = join(configDir, 'users.d', 'govmetrics.xml');
    const xml = clickHouseUsersXml(users);
    if (!existsSync(file) || readFileSync(file, 'utf8') !== xml) {
      mkdirSync(join(configDir, 'users.d'), { recursive: true });
      const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
      writeFileSync(temporary, xml);
      renameSync(temporary, file);
    }
  }
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (const credentials of [users.projector, users.reader]) {
    for (;;) {
      const refusal = await loginRefusal(url, credentials);
      if (refusal === undefined) break;
      if (Date.now() > deadline)
        throw new Error(
          `ClickHouse at ${url} does not let ${credentials.user} in (${refusal}); run infra/local/db-users.sh or add the users of docs/security.md`,
        );
      await new Promise((done) => setTimeout(done, 250));
    }
  }
}

async function loginRefusal(url: string, credentials: Credentials): Promise<string | undefined> {
  try {
    const response = await fetch(`${url}/?query=SELECT%201`, {
      headers: { authorization: `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}` },
    });
    return response.ok ? undefined : (await response.text()).split('\n')[0];
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
