import { createKafka } from '@govmetrics/kafka';
import { Client } from 'pg';
import type { IngestConfig } from '../ingest.config';

/**
 * Removes what an in-process ingest of one spec made on the shared servers: its claim schema and those of its topics
 * named after that schema (never a shared default). For specs only; `adminUrl` when the spec's own URL is cut.
 */
export async function removeIngestRun(config: IngestConfig, adminUrl = config.INGEST_DATABASE_URL): Promise<void> {
  const run = config.INGEST_DATABASE_SCHEMA;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${run}" CASCADE`);
  } finally {
    await client.end();
  }
  const admin = createKafka(config).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const topics = [config.USAGE_EVENTS_TOPIC, config.RAW_USAGE_TOPIC, config.DEAD_LETTER_TOPIC, config.COMPLETENESS_TOPIC, config.VERDICTS_TOPIC].filter(
      (topic) => topic.includes(run) && existing.has(topic),
    );
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}
