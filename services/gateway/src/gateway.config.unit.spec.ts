import { loadGatewayConfig } from './gateway.config';

const credentials = {
  CLICKHOUSE_USER: 'govmetrics_reader',
  CLICKHOUSE_PASSWORD: 'r3ader-secret',
  LEDGER_DATABASE_URL: 'postgres://govmetrics_ledger_reader:pw@db/govmetrics_ledger',
  LEDGER_WRITER_URL: 'postgres://govmetrics_ledger_writer:pw@db/govmetrics_ledger',
  CREDENTIALS_DATABASE_URL: 'postgres://govmetrics_credentials:pw@db/govmetrics',
};

describe(loadGatewayConfig.name, () => {
  it('uses the local-development credentials outside production', () => {
    expect(loadGatewayConfig({})).toMatchObject({ CLICKHOUSE_USER: 'default', CLICKHOUSE_PASSWORD: '' });
  });

  it('refuses to start in production without its ClickHouse user, password, ledger and credential store locations, naming each and showing no secret', () => {
    const attempt = () => loadGatewayConfig({ GOVMETRICS_ENV: 'production', CLICKHOUSE_USER: 'govmetrics_reader' });
    expect(attempt).toThrow(
      /CLICKHOUSE_PASSWORD=\(unset\): required in production[\s\S]*LEDGER_DATABASE_URL=\(unset\)[\s\S]*CREDENTIALS_DATABASE_URL=\(unset\)/,
    );
    expect(attempt).not.toThrow(/CLICKHOUSE_USER=/);
  });

  it("refuses to start in production without the ledger writer's location while stewards' writes are on, and needs none when they are off", () => {
    const { LEDGER_WRITER_URL: _writer, ...readerOnly } = credentials;
    expect(() => loadGatewayConfig({ NODE_ENV: 'production', ...readerOnly })).toThrow(/LEDGER_WRITER_URL=\(unset\): required in production/);
    expect(loadGatewayConfig({ NODE_ENV: 'production', ...readerOnly, GATEWAY_STEWARD_WRITES: 'off' })).toMatchObject({ GATEWAY_STEWARD_WRITES: 'off' });
  });

  it('starts in production with them', () => {
    expect(loadGatewayConfig({ NODE_ENV: 'production', ...credentials })).toMatchObject(credentials);
  });
});
