import { metricTotal } from './metric-total';

const EXPOSITION = [
  '# HELP govmetrics_scoring_recompute_duration_seconds Handling one batch.',
  '# TYPE govmetrics_scoring_recompute_duration_seconds histogram',
  'govmetrics_scoring_recompute_duration_seconds_bucket{le="0.1"} 3',
  'govmetrics_scoring_recompute_duration_seconds_sum 1.75',
  'govmetrics_scoring_recompute_duration_seconds_count 12',
  'govmetrics_scoring_snapshots_total 4',
  'govmetrics_kafka_consumer_lag_messages{topic="a",partition="0"} 5',
  'govmetrics_kafka_consumer_lag_messages{topic="a",partition="1"} 7',
].join('\n');

describe(metricTotal.name, () => {
  it('reads one sample by its exact name, not a longer name that starts with it', () => {
    expect(metricTotal(EXPOSITION, 'govmetrics_scoring_recompute_duration_seconds_count')).toBe(12);
    expect(metricTotal(EXPOSITION, 'govmetrics_scoring_recompute_duration_seconds_sum')).toBe(1.75);
    expect(metricTotal(EXPOSITION, 'govmetrics_scoring_recompute_duration_seconds')).toBe(0);
  });

  it('adds the samples of every label set', () => {
    expect(metricTotal(EXPOSITION, 'govmetrics_kafka_consumer_lag_messages')).toBe(12);
  });

  it('gives 0 for a metric the exposition does not have', () => {
    expect(metricTotal(EXPOSITION, 'govmetrics_projector_folds_total')).toBe(0);
  });
});
