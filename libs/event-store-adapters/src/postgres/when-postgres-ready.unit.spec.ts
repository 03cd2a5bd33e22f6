import { EventStoreError, EventStoreUnavailableError } from '@govmetrics/event-store';
import { isPostgresUnreachable, whenPostgresReady } from './when-postgres-ready';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const sqlState = (code: string, message: string) => Object.assign(new Error(message), { code });

describe(isPostgresUnreachable.name, () => {
  it('tells a server that cannot be reached, even under typed wrappers, from one that refuses the work', () => {
    expect(isPostgresUnreachable(refused())).toBe(true);
    expect(isPostgresUnreachable(new EventStoreUnavailableError('create the events table', { cause: refused() }))).toBe(true);
    expect(isPostgresUnreachable(sqlState('57P03', 'the database system is starting up'))).toBe(true);
    expect(isPostgresUnreachable(sqlState('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isPostgresUnreachable(sqlState('08006', 'connection failure'))).toBe(true);
    expect(isPostgresUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);

    expect(isPostgresUnreachable(sqlState('42501', 'permission denied for database govmetrics_ledger'))).toBe(false);
    expect(isPostgresUnreachable(new EventStoreError('EVENT_STORE_FAILED', 'syntax', false, { cause: sqlState('42601', 'syntax error') }))).toBe(false);
    expect(isPostgresUnreachable(undefined)).toBe(false);
  });
});

describe(whenPostgresReady.name, () => {
  it('runs the step again while PostgreSQL cannot be reached, saying so, and returns its result once it can', async () => {
    // Given a step that finds the server refusing connections twice
    let attempts = 0;
    const step = () => (++attempts < 3 ? Promise.reject(refused()) : Promise.resolve('migrated'));
    const warned: string[] = [];

    // When it is run with a minute to wait
    const result = await whenPostgresReady(step, 60_000, (line) => warned.push(line));

    // Then it succeeded on the third attempt, after two warnings naming why
    expect(result).toBe('migrated');
    expect(attempts).toBe(3);
    expect(warned).toHaveLength(2);
    expect(warned[0]).toMatch(/^waiting for PostgreSQL \(\d+ s left\): connect ECONNREFUSED/);
  });

  it('throws at once what waiting cannot cure', async () => {
    let attempts = 0;
    const denied = sqlState('42501', 'permission denied');
    await expect(whenPostgresReady(() => (attempts++, Promise.reject(denied)), 60_000)).rejects.toBe(denied);
    expect(attempts).toBe(1);
  });

  it('gives up with the last failure once the wait is spent', async () => {
    let attempts = 0;
    const began = Date.now();
    await expect(whenPostgresReady(() => (attempts++, Promise.reject(refused())), 700)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    // At 0 ms, 500 ms, then once the 200 ms left ran out (a timer may fire a millisecond early: one more then)
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(attempts).toBeLessThanOrEqual(4);
    expect(Date.now() - began).toBeGreaterThanOrEqual(690);
    expect(Date.now() - began).toBeLessThan(2000);
  });
});
