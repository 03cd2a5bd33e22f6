import { loadProjectorConfig } from './projector.config';

describe(loadProjectorConfig.name, () => {
  it('uses the local-development ClickHouse user outside production', () => {
    expect(loadProjectorConfig({ NODE_ENV: 'development' })).toMatchObject({ CLICKHOUSE_USER: 'default', CLICKHOUSE_PASSWORD: '' });
  });

  it('refuses to start in production without a ClickHouse user and password, an empty password included', () => {
    expect(() => loadProjectorConfig({ NODE_ENV: 'production', CLICKHOUSE_PASSWORD: '' })).toThrow(
      /CLICKHOUSE_USER=\(unset\)[\s\S]*CLICKHOUSE_PASSWORD=\(unset\)/,
    );
  });

  it('starts in production with them', () => {
    expect(
      loadProjectorConfig({ GOVMETRICS_ENV: 'production', CLICKHOUSE_USER: 'govmetrics_projector', CLICKHOUSE_PASSWORD: 'pr0jector-secret' }).CLICKHOUSE_USER,
    ).toBe('govmetrics_projector');
  });
});
