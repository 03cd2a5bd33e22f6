import { LedgerEventSchema } from './ledger-events.schema';
import { LedgerMetadataSchema } from './ledger-metadata.schema';

const snapshot = {
  type: 'ScoreSnapshotRecorded',
  data: {
    catalogId: 'dga-fy2564',
    scorecardId: 'dga',
    period: 'FY2564',
    asOf: '2021-09-30T23:59:59+07:00',
    overall: 92,
    scores: [{ indicatorId: 'gdx-api-calls', method: 'ratio', actual: 9_503_084, target: 9_000_000, score: 5 }],
    aggregates: [
      { indicatorId: 'gdx-api-calls', platform: 'gdx', metric: 'api_calls', statistic: 'sum', fromDay: '2020-10-01', toDay: '2021-09-30', value: 9_503_084 },
    ],
    offsets: [{ topic: 'usage.events.v1', partition: 0, offset: '12345' }],
  },
};

describe('ledger event contracts', () => {
  it('accepts a score snapshot with the aggregates and Kafka offsets it came from', () => {
    expect(LedgerEventSchema.safeParse(snapshot).success).toBe(true);
  });

  it('names the field an attestation without evidence misses', () => {
    const result = LedgerEventSchema.safeParse({ type: 'ValueAttested', data: { catalogId: 'dga-fy2564', indicatorId: 'pmqa', period: 'FY2564', value: 400 } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['data.evidence']);
  });

  it('refuses an event type the ledger does not hold, naming the type', () => {
    const receipt = { type: 'IngestionReceiptRecorded', data: { batchId: 'b1', count: 3 } };
    expect(LedgerEventSchema.safeParse(receipt).error?.issues.map((issue) => issue.path.join('.'))).toEqual(['type']);
  });

  it('requires who, why and a lowercase chain hash in stored metadata', () => {
    const result = LedgerMetadataSchema.safeParse({ who: '', why: 'x', when: '2021-01-01T00:00:00Z', prevHash: '0'.repeat(64), hash: 'A'.repeat(64) });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['who', 'hash']);
  });
});
