import { runState } from './run-state';

describe(runState.name, () => {
  it('names only what is named after the run: its topics, groups and databases, never a shared one it was handed', () => {
    // Given a run's settings, two of its topics handed over (the shared ledger heads, another run's events)
    const env = {
      USAGE_EVENTS_TOPIC: 'usage.events.other_run',
      KPI_ATTAINMENT_TOPIC: 'kpi.attainment.run_ab12',
      DEAD_LETTER_TOPIC: 'usage.dlq.run_ab12',
      LEDGER_HEADS_TOPIC: 'ledger.heads.v1',
      SCORING_GROUP_ID: 'scoring-run_ab12',
      PROJECTOR_GROUP_ID: 'projector-shared',
      CLICKHOUSE_DATABASE: 'run_ab12',
      INGEST_DATABASE_SCHEMA: 'run_ab12',
      CREDENTIALS_DATABASE_SCHEMA: 'credentials_run_ab12',
      GATEWAY_PORT: '4000',
    };

    // Then its state is what carries its id, each once
    expect(runState('run_AB12', env, 'ledger_run_ab12')).toEqual({
      topics: ['kpi.attainment.run_ab12', 'usage.dlq.run_ab12'],
      groups: ['scoring-run_ab12'],
      clickhouseDatabase: 'run_ab12',
      claimSchema: 'run_ab12',
      credentialsSchema: 'credentials_run_ab12',
      ledgerDatabase: 'ledger_run_ab12',
    });
  });

  it('names no database the run was handed, and no ledger it does not own', () => {
    const handed = { CLICKHOUSE_DATABASE: 'govmetrics', INGEST_DATABASE_SCHEMA: 'public', CREDENTIALS_DATABASE_SCHEMA: 'credentials' };
    expect(runState('run_ab12', handed)).toEqual({ topics: [], groups: [] });
  });
});
