import { CLUSTER_FOLD_REPAIR, clusterFoldStatement } from './cluster-fold';

const range = { partition: 3, firstOffset: '100', lastOffset: '199' };
const statement = clusterFoldStatement(range);

describe(clusterFoldStatement.name, () => {
  it('folds from and into the server’s local tables only', () => {
    expect(statement).toMatch(/^INSERT INTO usage_events_local \(/);
    expect(statement).toContain('FROM usage_events_staging_local');
    expect(statement).not.toMatch(/\busage_events(_staging)?\b/);
  });

  it('writes projected_at as the batch’s earliest staging time, the same for every attempt', () => {
    expect(statement).toContain(
      '(SELECT min(projected_at) FROM usage_events_staging_local WHERE kafka_partition = 3 AND kafka_offset BETWEEN 100 AND 199) AS projected_at',
    );
  });
});

describe('CLUSTER_FOLD_REPAIR', () => {
  const repairs = [CLUSTER_FOLD_REPAIR.folded(range), ...CLUSTER_FOLD_REPAIR.statements(range)];

  it('reads and writes the server’s local tables only', () => {
    for (const repair of repairs) expect(repair).not.toMatch(/\busage_(events|events_staging|hourly|daily|daily_entities)\b/);
  });

  it('repairs the hourly and the daily aggregates and the daily entities, each from the batch’s rows', () => {
    expect(CLUSTER_FOLD_REPAIR.statements(range).map((repair) => /^INSERT INTO (\w+)/.exec(repair)?.[1])).toEqual([
      'usage_hourly_local',
      'usage_daily_local',
      'usage_daily_entities_local',
    ]);
    for (const repair of repairs) expect(repair).toContain('kafka_partition = 3 AND kafka_offset BETWEEN 100 AND 199');
  });
});
