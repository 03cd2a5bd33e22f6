import type { EventVerdict } from '@govmetrics/contracts';
import type { BatchAssessment } from '@govmetrics/ingestion';
import { boundedLabel, type IngestInstruments, type KafkaInstruments, ruleLabel } from '@govmetrics/metrics';

export type IntakePath = 'http' | 'raw_intake';

const firstRule = (verdict: EventVerdict): string => (verdict.status === 'rejected' ? ruleLabel(verdict.errors[0]?.rule) : '');

/** What both intake paths count: verdicts by platform and rule, batch sizes, and the raw path's transactions and dead letters. */
export class IntakeMetrics {
  private readonly platform: (value: string | undefined) => string;

  constructor(
    private readonly ingest: IngestInstruments,
    private readonly kafka: KafkaInstruments,
    platforms: Iterable<string>,
  ) {
    this.platform = boundedLabel(platforms);
  }

  /** An HTTP batch answered: every event is its authenticated platform's. */
  judged(platform: string, verdicts: readonly EventVerdict[]): void {
    this.ingest.batchEvents.observe({ path: 'http' }, verdicts.length);
    for (const verdict of verdicts) this.countVerdict('http', this.platform(platform), verdict);
  }

  /** A raw-topic batch committed: a rejected record's platform is not trusted (it may not even parse), so it counts as unknown. */
  relayed(judged: BatchAssessment, transactionSeconds: number): void {
    this.ingest.batchEvents.observe({ path: 'raw_intake' }, judged.verdicts.length);
    this.kafka.transactionSeconds.observe({ path: 'raw_intake' }, transactionSeconds);
    const platforms = new Map([...judged.accepted, ...judged.repeats].map(({ index, event }) => [index, event.data.platform]));
    for (const verdict of judged.verdicts) {
      this.countVerdict('raw_intake', this.platform(platforms.get(verdict.index)), verdict);
      if (verdict.status === 'rejected') this.ingest.deadLetters.inc({ rule: firstRule(verdict) });
    }
  }

  private countVerdict(path: IntakePath, platform: string, verdict: EventVerdict): void {
    this.ingest.verdicts.inc({ path, platform, verdict: verdict.status, rule: firstRule(verdict) });
  }
}
