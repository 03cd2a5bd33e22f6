import type { UsageEvent } from '@govmetrics/contracts';
import type { BatchAssessment } from '@govmetrics/ingestion';
import { ingestInstruments, kafkaInstruments } from '@govmetrics/metrics';
import { Registry } from 'prom-client';
import { IntakeMetrics } from './intake-metrics';

const event = (platform: string) => ({ data: { platform } }) as UsageEvent;

function given() {
  const registry = new Registry();
  const ingest = ingestInstruments(registry);
  const metrics = new IntakeMetrics(ingest, kafkaInstruments(registry), ['gdx', 'gin']);
  const verdicts = async () =>
    Object.fromEntries(
      (await ingest.verdicts.get()).values.map(({ labels, value }) => [`${labels.path}/${labels.platform}/${labels.verdict}/${labels.rule}`, value]),
    );
  return { metrics, ingest, verdicts };
}

describe(IntakeMetrics.name, () => {
  it("counts an HTTP batch's verdicts under its platform, a rejection under its first rule", async () => {
    const { metrics, verdicts } = given();
    metrics.judged('gdx', [
      { index: 0, status: 'accepted' },
      { index: 1, status: 'duplicate' },
      {
        index: 2,
        status: 'rejected',
        errors: [
          { path: '$.data.value', rule: 'invalid_type', message: 'x' },
          { path: '$.id', rule: 'too_big', message: 'y' },
        ],
      },
    ]);
    expect(await verdicts()).toEqual({ 'http/gdx/accepted/': 1, 'http/gdx/duplicate/': 1, 'http/gdx/rejected/invalid_type': 1 });
  });

  it("counts a raw batch under each event's platform, bounded to the catalog, and a dead letter under unknown and its rule", async () => {
    const { metrics, ingest, verdicts } = given();
    const judged: BatchAssessment = {
      verdicts: [
        { index: 0, status: 'accepted' },
        { index: 1, status: 'accepted' },
        { index: 2, status: 'duplicate' },
        { index: 3, status: 'rejected', errors: [{ path: '$', rule: 'pii_in_clear', message: 'x' }] },
      ],
      accepted: [
        { index: 0, event: event('gdx'), digest: 'a' },
        { index: 1, event: event('not-in-catalog'), digest: 'b' },
      ],
      repeats: [{ index: 2, event: event('gin'), digest: 'c' }],
    };
    metrics.relayed(judged, 0.02);
    expect(await verdicts()).toEqual({
      'raw_intake/gdx/accepted/': 1,
      'raw_intake/unknown/accepted/': 1,
      'raw_intake/gin/duplicate/': 1,
      'raw_intake/unknown/rejected/pii_in_clear': 1,
    });
    expect((await ingest.deadLetters.get()).values).toEqual([{ value: 1, labels: { rule: 'pii_in_clear' } }]);
  });
});
