import type { LedgerEvent } from '@govmetrics/contracts';
import type { EventStore } from '@govmetrics/event-store';
import { WrongExpectedVersionError } from '@govmetrics/event-store';
import { Ledger, LedgerError, catalogAsOf, chainHash, ledgerStreams, periodKey, verifyLedger } from '@govmetrics/ledger';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase } from '../testing';
import { PostgresEventStore } from '../postgres/postgres.event-store';
import { SqliteEventStore } from '../sqlite/sqlite.event-store';

/** Direct access to the rows behind a store: what someone with database access, not the ledger, could do. */
interface Rows {
  read(stream: string, revision: number): Promise<{ data: unknown; metadata: Record<string, unknown> }>;
  rewrite(stream: string, revision: number, data: unknown, metadata: Record<string, unknown>): Promise<void>;
  remove(stream: string, revision: number): Promise<void>;
}

interface Harness {
  store: EventStore;
  rows: Rows;
  dispose(): Promise<void>;
}

async function postgres(): Promise<Harness> {
  const database = await createTestDatabase('ledger');
  const store = await PostgresEventStore.open({ connectionString: database.url });
  const sql = new Client({ connectionString: database.url });
  await sql.connect();
  return {
    store,
    rows: {
      async read(stream, revision) {
        const { rows } = await sql.query<{ data: unknown; metadata: Record<string, unknown> }>(
          'SELECT data, metadata FROM events WHERE stream = $1 AND revision = $2',
          [stream, revision],
        );
        return rows[0]!;
      },
      async rewrite(stream, revision, data, metadata) {
        await sql.query('UPDATE events SET data = $3::jsonb, metadata = $4::jsonb WHERE stream = $1 AND revision = $2', [
          stream,
          revision,
          JSON.stringify(data),
          JSON.stringify(metadata),
        ]);
      },
      async remove(stream, revision) {
        await sql.query('DELETE FROM events WHERE stream = $1 AND revision = $2', [stream, revision]);
      },
    },
    async dispose() {
      await sql.end();
      await store.close();
      await database.drop();
    },
  };
}

async function sqlite(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'govmetrics-ledger-'));
  const filename = join(dir, 'ledger.sqlite');
  const store = await SqliteEventStore.open({ filename });
  const db = new Database(filename);
  return {
    store,
    rows: {
      read(stream, revision) {
        const row = db.prepare('SELECT data, metadata FROM events WHERE stream = ? AND revision = ?').get(stream, revision) as {
          data: string;
          metadata: string;
        };
        return Promise.resolve({ data: JSON.parse(row.data) as unknown, metadata: JSON.parse(row.metadata) as Record<string, unknown> });
      },
      rewrite(stream, revision, data, metadata) {
        db.prepare('UPDATE events SET data = ?, metadata = ? WHERE stream = ? AND revision = ?').run(
          JSON.stringify(data),
          JSON.stringify(metadata),
          stream,
          revision,
        );
        return Promise.resolve();
      },
      remove(stream, revision) {
        db.prepare('DELETE FROM events WHERE stream = ? AND revision = ?').run(stream, revision);
        return Promise.resolve();
      },
    },
    async dispose() {
      db.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const catalogId = 'dga-fy2564';
const indicatorId = 'gdx-api-calls';
const stream = ledgerStreams.indicator(catalogId, indicatorId);
const planner = { who: 'planner@dga.or.th', why: 'FY2564 action plan approved by the board' };
const target = (value: number): LedgerEvent => ({ type: 'TargetRevised', data: { catalogId, indicatorId, period: 'FY2564', target: value } });

describe.each([
  ['PostgreSQL', postgres],
  ['SQLite', sqlite],
])('ledger on %s', (_name, open) => {
  let harness: Harness;
  let ledger: Ledger;
  let now: Date;

  beforeEach(async () => {
    harness = await open();
    now = new Date('2020-10-01T03:00:00Z');
    ledger = new Ledger(harness.store, () => now);
    await ledger.record(
      stream,
      [{ type: 'KpiDefined', data: { catalogId, indicatorId, name: 'GDX API calls', definition: { unit: 'calls', method: 'ratio' } } }, target(50_000_000)],
      planner,
      'no_stream',
    );
    now = new Date('2021-03-15T03:00:00Z');
    await ledger.record(stream, target(60_000_000), { who: 'director@dga.or.th', why: 'mid-year review raised the target' }, 1n);
    await ledger.record(
      ledgerStreams.indicator(catalogId, 'engagement'),
      {
        type: 'ValueAttested',
        data: {
          catalogId,
          indicatorId: 'engagement',
          period: 'FY2564',
          value: 72.5,
          evidence: { reference: 'https://dga.or.th/survey-2564.pdf', sha256: 'a'.repeat(64) },
        },
      },
      { who: 'hr@dga.or.th', why: 'annual engagement survey', correlationId: 'survey-2564' },
      'no_stream',
    );
  });

  afterEach(() => harness.dispose());

  it('reads back typed events with who, when and why, and verifies an untouched ledger', async () => {
    const entries = await ledger.readStream(stream);
    expect(entries.map((e) => [e.revision, e.type, e.metadata.who])).toEqual([
      [0n, 'KpiDefined', 'planner@dga.or.th'],
      [1n, 'TargetRevised', 'planner@dga.or.th'],
      [2n, 'TargetRevised', 'director@dga.or.th'],
    ]);
    expect(entries[2]!.metadata).toMatchObject({
      when: '2021-03-15T03:00:00.000Z',
      why: 'mid-year review raised the target',
      prevHash: entries[1]!.metadata.hash,
    });
    await expect(verifyLedger(harness.store)).resolves.toMatchObject({ ok: true, checked: 4 });
  });

  it('reads the targets and attested values in force at a past date', async () => {
    const key = periodKey(catalogId, indicatorId, 'FY2564');
    const all = await ledger.readAll();
    expect(catalogAsOf(all, { day: '2020-12-31' }).targets[key]?.value.target).toBe(50_000_000);
    const yearEnd = catalogAsOf(all, { day: '2021-09-30' });
    expect(yearEnd.targets[key]).toMatchObject({ value: { target: 60_000_000 }, who: 'director@dga.or.th' });
    expect(yearEnd.attestations[periodKey(catalogId, 'engagement', 'FY2564')]?.value.value).toBe(72.5);
  });

  it('rejects a stale expected revision, and lets one of two racing writers win with the chain intact', async () => {
    await expect(ledger.record(stream, target(1), planner, 1n)).rejects.toBeInstanceOf(WrongExpectedVersionError);
    const race = await Promise.allSettled([ledger.record(stream, target(2), planner, 2n), ledger.record(stream, target(3), planner, 2n)]);
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(race.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason).toBeInstanceOf(WrongExpectedVersionError);
    await expect(verifyLedger(harness.store)).resolves.toMatchObject({ ok: true, checked: 5 });
  });

  it('rejects an event that breaks its contract, naming the field, and records nothing', async () => {
    const noEvidence = { type: 'ValueAttested', data: { catalogId, indicatorId, period: 'FY2564', value: 1, evidence: { reference: '' } } } as LedgerEvent;
    const error = await ledger.record(stream, [target(7), noEvidence], planner, 2n).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as LedgerError).message).toMatch(/event 1 \(ValueAttested\): data\.evidence\.reference/);
    await expect(ledger.record(stream, target(7), { who: '', why: 'x' }, 2n)).rejects.toThrow(/who must name a person/);
    expect(await harness.store.readStream(stream)).toHaveLength(3);
  });

  it('names the first broken link when a row is altered directly in the database', async () => {
    const before = await harness.rows.read(stream, 1);
    await harness.rows.rewrite(stream, 1, { ...(before.data as object), target: 5_000_000 }, before.metadata);

    const result = await verifyLedger(harness.store);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.firstBreak).toMatchObject({ stream, revision: 1n, reason: 'hash-mismatch', found: before.metadata['hash'] });
    expect(result.firstBreak.expected).not.toBe(before.metadata['hash']);
    expect(typeof result.firstBreak.position).toBe('bigint');
  });

  it('catches a forger who also recomputed the altered row’s hash, at the next link', async () => {
    const before = await harness.rows.read(stream, 1);
    const data = { ...(before.data as object), target: 5_000_000 };
    const { hash: _old, ...unhashed } = before.metadata;
    const hash = chainHash({ stream, type: 'TargetRevised', data, metadata: unhashed, prevHash: unhashed['prevHash'] as string });
    await harness.rows.rewrite(stream, 1, data, { ...unhashed, hash });

    await expect(verifyLedger(harness.store)).resolves.toMatchObject({
      ok: false,
      firstBreak: { stream, revision: 2n, reason: 'prev-hash-mismatch', expected: hash },
    });
  });

  it('catches a deleted row, and a deleted tail against anchors published before', async () => {
    const published = await verifyLedger(harness.store);
    const anchors = published.ok ? published.heads : [];
    await harness.rows.remove(stream, 2);

    await expect(verifyLedger(harness.store)).resolves.toMatchObject({ ok: true });
    await expect(verifyLedger(harness.store, { anchors })).resolves.toMatchObject({
      ok: false,
      firstBreak: { stream, revision: 2n, reason: 'anchor-mismatch', found: 'missing: the stream ends at revision 1' },
    });
    await harness.rows.remove(stream, 0);
    await expect(verifyLedger(harness.store)).resolves.toMatchObject({ ok: false, firstBreak: { stream, revision: 1n, reason: 'revision-gap' } });
  });
});
