import { ConfigError } from '@govmetrics/config';
import { asOfPolicy, loadScoringConfig } from './scoring.config';

describe(loadScoringConfig.name, () => {
  it('scores the FY2564 catalog as of today by default, with the ledger in its own database', () => {
    const config = loadScoringConfig({});
    expect(config.SCORING_CATALOG).toMatch(/catalogs\/dga-fy2564\.yaml$/);
    expect(config.SCORING_AS_OF).toBe('today');
    expect(config.LEDGER_DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/govmetrics_ledger');
    expect(config.KPI_ATTAINMENT_TOPIC).toBe('kpi.attainment.v1');
  });

  it('names every bad key', () => {
    expect(() => loadScoringConfig({ SCORING_AS_OF: 'yesterday', LEDGER_DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    expect(() => loadScoringConfig({ SCORING_AS_OF: 'yesterday', LEDGER_DATABASE_URL: 'mysql://x' })).toThrow(
      /SCORING_AS_OF="yesterday"[\s\S]*LEDGER_DATABASE_URL="mysql:\/\/x"/,
    );
  });

  it('refuses to start in production without its ClickHouse credentials and ledger location, and starts with them', () => {
    expect(() => loadScoringConfig({ GOVMETRICS_ENV: 'production' })).toThrow(
      /CLICKHOUSE_USER=\(unset\)[\s\S]*CLICKHOUSE_PASSWORD=\(unset\)[\s\S]*LEDGER_DATABASE_URL=\(unset\)/,
    );
    const credentials = {
      CLICKHOUSE_USER: 'govmetrics_reader',
      CLICKHOUSE_PASSWORD: 'r3ader-secret',
      LEDGER_DATABASE_URL: 'postgres://govmetrics_ledger_writer:pw@db/govmetrics_ledger',
    };
    expect(loadScoringConfig({ NODE_ENV: 'production', ...credentials })).toMatchObject(credentials);
  });

  it('takes the ledger from PostgreSQL (server mode) or one SQLite file (embedded mode)', () => {
    expect(loadScoringConfig({ LEDGER_DATABASE_URL: 'sqlite:/var/lib/govmetrics/ledger.db' }).LEDGER_DATABASE_URL).toBe('sqlite:/var/lib/govmetrics/ledger.db');
    expect(loadScoringConfig({ LEDGER_DATABASE_URL: 'postgresql://ledger@db/ledger' }).LEDGER_DATABASE_URL).toBe('postgresql://ledger@db/ledger');
  });
});

describe(asOfPolicy.name, () => {
  it('gives the Bangkok day for "today": 17:00 UTC is already the next day in Bangkok', () => {
    expect(asOfPolicy('today', () => new Date('2021-09-30T16:59:59Z'))()).toBe('2021-09-30');
    expect(asOfPolicy('today', () => new Date('2021-09-30T17:00:00Z'))()).toBe('2021-10-01');
    expect(asOfPolicy('2021-03-31')()).toBe('2021-03-31');
  });
});
