import type { UsageEvent } from '@govmetrics/contracts';
import { ENTITY_ID_PATTERN } from '@govmetrics/contracts';
import { Pipeline, usageEvent } from '@govmetrics/devkit';
import { readCommitted } from '@govmetrics/kafka/testing';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../..');

describe('a TDGA operator sends a file of upskilled staff with the sender CLI', () => {
  let pipeline: Pipeline;
  let folder: string;

  beforeAll(async () => {
    pipeline = await Pipeline.start({ services: ['ingest'] });
    folder = mkdtempSync(join(tmpdir(), 'govmetrics-send-'));
  }, 120_000);

  afterAll(async () => {
    await pipeline?.stop();
    rmSync(folder, { recursive: true, force: true });
  }, 60_000);

  const send = (file: string, extraEnv: Record<string, string> = {}) =>
    run(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        'tools/cli/src/main.ts',
        'send',
        file,
        '--platform',
        'tdga',
        '--url',
        pipeline.ingestUrl,
        '--batch-size',
        '2',
        '--key-version',
        '4',
      ],
      {
        cwd: ROOT,
        env: { ...process.env, GOVMETRICS_API_KEY: pipeline.apiKey('tdga'), GOVMETRICS_ENTITY_KEY: 'tdga-hmac-key-2021', ...extraEnv },
      },
    ).then(
      (done) => ({ code: 0, stdout: done.stdout, stderr: done.stderr }),
      (failed: { code: number; stdout: string; stderr: string }) => ({ code: failed.code, stdout: failed.stdout, stderr: failed.stderr }),
    );

  it('pseudonymizes learner ids before they leave, reports accepted/duplicate/rejected, and names the bad line', async () => {
    // Given a file with three staff members identified by e-mail, one of them twice, and a line that is not JSON
    const learner = (email: string, id: string) => usageEvent({ platform: 'tdga', metric: 'staff_upskilled', agency: 'dga', entity: email }, { id });
    const file = join(folder, 'learners.ndjson');
    const lines = [learner('a@example.com', 'l1'), learner('b@example.com', 'l2'), learner('c@example.com', 'l3'), learner('a@example.com', 'l1')].map((e) =>
      JSON.stringify(e),
    );
    writeFileSync(file, [...lines.slice(0, 2), '{ not json', ...lines.slice(2)].join('\n') + '\n');

    // When the operator sends it
    const result = await send(file);

    // Then the summary counts each verdict, the bad line is named by its number, and the exit code says something was rejected
    expect(result.stdout).toContain('5 events, accepted 3, duplicate 1, rejected 1');
    expect(result.stdout).toMatch(/line 3: \$ invalid_json/);
    expect(result.code).toBe(1);

    // And what reached Kafka carries keyed pseudonyms of version 4, never an e-mail address
    const onTopic = (await readCommitted(pipeline.kafkaBrokers, pipeline.env.USAGE_EVENTS_TOPIC as string, { atLeast: 3 })).map(
      (message) => JSON.parse(String(message.value)) as UsageEvent,
    );
    expect(onTopic).toHaveLength(3);
    for (const event of onTopic) {
      expect(event.data.entity).toMatch(ENTITY_ID_PATTERN);
      expect(event.data.entity).toMatch(/^hmac-v4:/);
      expect(JSON.stringify(event)).not.toContain('@example.com');
    }
  }, 120_000);

  it('refuses to send raw entity ids when no HMAC key is configured, sending nothing', async () => {
    const file = join(folder, 'no-key.ndjson');
    writeFileSync(file, JSON.stringify(usageEvent({ platform: 'tdga', metric: 'staff_upskilled', agency: 'dga', entity: 'somchai@example.com' })));

    const result = await send(file, { GOVMETRICS_ENTITY_KEY: '' });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('set GOVMETRICS_ENTITY_KEY');
  }, 60_000);
});
