import { createHash } from 'node:crypto';
import { clickHouseUsersXml } from './clickhouse-users';
import { databaseUsers, withCredentials } from './database-users';

const productionPasswords = {
  GOVMETRICS_PG_INGEST_PASSWORD: 'ingest-0123456789',
  GOVMETRICS_PG_LEDGER_WRITER_PASSWORD: 'writer-0123456789',
  GOVMETRICS_PG_LEDGER_READER_PASSWORD: 'reader-0123456789',
  GOVMETRICS_PG_CREDENTIALS_ADMIN_PASSWORD: 'cred-admin-0123456789',
  GOVMETRICS_PG_CREDENTIALS_READER_PASSWORD: 'cred-reader-0123456789',
  GOVMETRICS_CH_PROJECTOR_PASSWORD: 'projector-0123456789',
  GOVMETRICS_CH_READER_PASSWORD: 'ch-reader-0123456789',
};

describe(databaseUsers.name, () => {
  it('gives local-development passwords outside production', () => {
    expect(databaseUsers({}).ledgerReader).toEqual({ user: 'govmetrics_ledger_reader', password: 'local-dev-ledger-reader-password' });
  });

  it('refuses the local-development passwords in production, naming every unset one', () => {
    const { GOVMETRICS_CH_READER_PASSWORD: _unset, ...allButOne } = productionPasswords;
    expect(() => databaseUsers({ GOVMETRICS_ENV: 'production', ...allButOne })).toThrow(/GOVMETRICS_CH_READER_PASSWORD=\(unset\): required in production/);
    expect(databaseUsers({ NODE_ENV: 'production', ...productionPasswords }).reader.password).toBe('ch-reader-0123456789');
  });
});

describe(withCredentials.name, () => {
  it('replaces whoever the URL named, encoding what a URL cannot hold as it is', () => {
    const url = withCredentials('postgres://postgres@db:5432/govmetrics_ledger', { user: 'govmetrics_ledger_reader', password: 'p@ss/w:rd' });
    expect(url).toBe('postgres://govmetrics_ledger_reader:p%40ss%2Fw%3Ard@db:5432/govmetrics_ledger');
    expect(decodeURIComponent(new URL(url).password)).toBe('p@ss/w:rd');
  });
});

describe(clickHouseUsersXml.name, () => {
  it('adds the two users with their passwords hashed, a read-only profile for the reader, and leaves `default` alone', () => {
    const xml = clickHouseUsersXml(databaseUsers(productionPasswords));
    expect(xml).not.toContain('ch-reader-0123456789');
    expect(xml).toContain(`<password_sha256_hex>${createHash('sha256').update('ch-reader-0123456789').digest('hex')}</password_sha256_hex>`);
    expect(xml).toMatch(/<govmetrics_reader><readonly>1<\/readonly><allow_ddl>0<\/allow_ddl>/);
    expect(xml).not.toMatch(/<default>/);
  });
});
