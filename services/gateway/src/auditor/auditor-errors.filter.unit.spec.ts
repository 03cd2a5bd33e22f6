import { ClickHouseError, NonFiniteAggregateError } from '@govmetrics/clickhouse';
import { EventStoreError, EventStoreUnavailableError } from '@govmetrics/event-store';
import { LedgerError } from '@govmetrics/ledger';
import { auditorAnswer } from './auditor-errors.filter';

describe(auditorAnswer.name, () => {
  it('answers 404 naming what the ledger does not hold', () => {
    expect(auditorAnswer(new LedgerError('CATALOG_NOT_IN_LEDGER', 'the ledger holds no catalog "x"'))).toEqual({
      status: 404,
      body: { error: 'unknown_catalog', message: 'the ledger holds no catalog "x"' },
    });
    expect(auditorAnswer(new LedgerError('INDICATOR_NOT_IN_LEDGER', 'no A9'))).toMatchObject({ status: 404, body: { error: 'unknown_indicator' } });
  });

  it('answers 400 on the catalog parameter when the ledger holds several and none was named', () => {
    expect(auditorAnswer(new LedgerError('CATALOG_AMBIGUOUS', 'several'))).toEqual({
      status: 400,
      body: { error: 'invalid_query', errors: [{ path: '$.catalog', rule: 'required', message: 'several' }] },
    });
  });

  it('answers 503 naming the store only for a retriable failure', () => {
    expect(auditorAnswer(new EventStoreUnavailableError('read all', { cause: new Error('ECONNREFUSED') }))).toMatchObject({
      status: 503,
      body: { error: 'ledger_unavailable' },
    });
    expect(auditorAnswer(new ClickHouseError('ECONNREFUSED', true))).toMatchObject({ status: 503, body: { error: 'clickhouse_unavailable' } });
    expect(auditorAnswer(new EventStoreError('EVENT_STORE_FAILED', 'syntax error', false))).toBeNull();
    expect(auditorAnswer(new ClickHouseError('Code: 62, syntax error', false))).toBeNull();
  });

  it('answers 500 non_finite_aggregate naming the aggregate when scoring met a sum that is not finite, never a score built on 0', () => {
    const error = new NonFiniteAggregateError({ platform: 'gdx', metric: 'api_calls', agencies: ['moph'], fromDay: '2020-10-01', toDay: '2021-09-30' }, 'inf');
    expect(auditorAnswer(error)).toEqual({
      status: 500,
      body: {
        error: 'non_finite_aggregate',
        message: error.message,
        platform: 'gdx',
        metric: 'api_calls',
        agency: 'moph',
        from: '2020-10-01',
        to: '2021-09-30',
      },
    });
  });

  it('leaves a broken ledger rule and anything else to the 500 it is', () => {
    expect(auditorAnswer(new LedgerError('INVALID_CATALOG_IN_LEDGER', 'bad target'))).toBeNull();
    expect(auditorAnswer(new TypeError('x is undefined'))).toBeNull();
  });
});
