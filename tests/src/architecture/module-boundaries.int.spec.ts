import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

/** Lints a throw-away source file placed inside a project, as if someone had committed it. */
// ESLint runs as its own process: its flat config is an ES module, which jest's sandbox cannot import.
function lintProbe(projectSrc: string, source: string): string[] {
  const file = resolve(root, projectSrc, `boundary-probe-${process.pid}.ts`);
  writeFileSync(file, source);
  try {
    const report = spawnSync('npx', ['eslint', '--format', 'json', file], { cwd: root, encoding: 'utf8' });
    const [result] = JSON.parse(report.stdout) as { messages: { ruleId: string; message: string }[] }[];
    return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
  } finally {
    rmSync(file, { force: true });
  }
}

describe('module boundaries enforced by lint', () => {
  beforeAll(() => {
    // The boundary rule reads Nx's cached project graph; compute it so the rule cannot silently skip.
    execFileSync('npx', ['nx', 'show', 'projects'], { cwd: root, env: { ...process.env, NX_DAEMON: 'false' }, stdio: 'ignore' });
  }, 120_000);

  it('fails a library that imports a service', () => {
    const messages = lintProbe('libs/ingestion/src', "import { IngestModule } from '@govmetrics/ingest-service';\nexport const probe = IngestModule;\n");
    expect(messages).toContainEqual(expect.stringMatching(/^@nx\/enforce-module-boundaries: Imports of apps are forbidden/));
  }, 60_000);

  it('fails a domain library that imports an infrastructure client', () => {
    const messages = lintProbe('libs/ingestion/src', "import { Kafka } from 'kafkajs';\nexport const probe = Kafka;\n");
    expect(messages).toContainEqual(expect.stringMatching(/type:domain" is not allowed to import "kafkajs"/));
  }, 60_000);

  it('fails the contracts library when it depends on any other project', () => {
    const messages = lintProbe('libs/contracts/src', "import { assessBatch } from '@govmetrics/ingestion';\nexport const probe = assessBatch;\n");
    expect(messages).toContainEqual(expect.stringMatching(/type:contracts" cannot depend on any libs/));
  }, 60_000);

  it('fails a domain library that imports an adapter library', () => {
    const messages = lintProbe(
      'libs/scoring/src',
      "import { ClickHouseAggregateReader } from '@govmetrics/clickhouse';\nexport const probe = ClickHouseAggregateReader;\n",
    );
    expect(messages).toContainEqual(expect.stringMatching(/type:domain" can only depend on libs tagged with "type:contracts", "type:domain", "type:util"/));
  }, 60_000);

  it('fails the CLI when it imports Nest', () => {
    const messages = lintProbe('tools/cli/src', "import { Injectable } from '@nestjs/common';\nexport const probe = Injectable;\n");
    expect(messages).toContainEqual(expect.stringMatching(/type:tooling" is not allowed to import "@nestjs\/common"/));
  }, 60_000);

  it("fails the CLI when it imports the Kafka adapter's Nest entry", () => {
    const messages = lintProbe('tools/cli/src', "import { KafkaBatchTransport } from '@govmetrics/kafka/nest';\nexport const probe = KafkaBatchTransport;\n");
    expect(messages).toContainEqual(expect.stringMatching(/^no-restricted-imports: '@govmetrics\/kafka\/nest' import is restricted/));
  }, 60_000);

  it("passes the CLI importing the Kafka adapter's root entry, which holds no Nest", () => {
    const messages = lintProbe('tools/cli/src', "import { createKafka } from '@govmetrics/kafka';\nexport const probe = createKafka;\n");
    expect(messages).toEqual([]);
  }, 60_000);

  it('fails the browser console when it imports a library other than the contracts', () => {
    const messages = lintProbe('apps/console/src', "import type { ScorecardReport } from '@govmetrics/scoring';\nexport type Probe = ScorecardReport;\n");
    expect(messages).toContainEqual(expect.stringMatching(/type:web" can only depend on libs tagged with "type:contracts"/));
  }, 60_000);

  it("fails the browser console when it imports the contracts' runtime (zod and the schemas stay on the server)", () => {
    const messages = lintProbe(
      'apps/console/src',
      "import { ScorecardReportSchema } from '@govmetrics/contracts';\nexport const probe = ScorecardReportSchema;\n",
    );
    expect(messages).toContainEqual(expect.stringMatching(/^@typescript-eslint\/no-restricted-imports: .*only types from the contracts/));
  }, 60_000);

  it("passes the browser console importing the contracts' types", () => {
    const messages = lintProbe('apps/console/src', "import type { ScorecardReport } from '@govmetrics/contracts';\nexport type Probe = ScorecardReport;\n");
    expect(messages).toEqual([]);
  }, 60_000);

  it('passes a service that imports libraries', () => {
    const messages = lintProbe('services/ingest/src', "import { assessBatch } from '@govmetrics/ingestion';\nexport const probe = assessBatch;\n");
    expect(messages).toEqual([]);
  }, 60_000);
});
