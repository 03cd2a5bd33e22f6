import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EventStoreConfigSchema } from '../event-store.config';

/** A fresh PostgreSQL database for one test, and how to drop it. For specs only. */
export async function createTestDatabase(prefix = 'es'): Promise<{ url: string; drop(): Promise<void> }> {
  const { POSTGRES_URL } = EventStoreConfigSchema.parse(process.env);
  const name = `${prefix}_${randomUUID().replace(/-/g, '')}`;
  const admin = new Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
