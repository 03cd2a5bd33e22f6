import type { CompletenessDeclaration, KpiAttainment } from '@govmetrics/contracts';
import { MAX_DECLARATIONS_PER_REQUEST } from '@govmetrics/contracts';
import type { Pipeline } from '@govmetrics/devkit';
import { requestJson } from '@govmetrics/devkit';
import { eachDay } from '@govmetrics/foresight';

type Input = KpiAttainment['snapshot']['aggregates'][number];

/** Per platform, the declarations that make a snapshot's inputs complete through `through(platform)` (each input's own range at most). */
export function declarationsFor(inputs: readonly Input[], through: (platform: string) => string): Map<string, CompletenessDeclaration[]> {
  const plan = new Map<string, Map<string, CompletenessDeclaration>>();
  for (const input of inputs) {
    const last = [input.toDay, through(input.platform)].sort()[0]!;
    const declared = plan.get(input.platform) ?? new Map<string, CompletenessDeclaration>();
    for (const day of input.fromDay <= last ? eachDay(input.fromDay, last) : [])
      declared.set(`${input.metric}|${day}`, { platform: input.platform, metric: input.metric, day });
    plan.set(input.platform, declared);
  }
  return new Map([...plan].map(([platform, declared]) => [platform, [...declared.values()]]));
}

/** Each platform posts its own declarations to the ingest with its own API key; fails on any answer but 200. */
export async function declareAsPlatforms(pipeline: Pipeline, plan: ReadonlyMap<string, CompletenessDeclaration[]>): Promise<void> {
  for (const [platform, all] of plan) {
    for (let at = 0; at < all.length; at += MAX_DECLARATIONS_PER_REQUEST) {
      const body = all.slice(at, at + MAX_DECLARATIONS_PER_REQUEST);
      const answer = await requestJson(`${pipeline.ingestUrl}/v1/completeness`, { body, headers: pipeline.authHeaders(platform) });
      if (answer.status !== 200) throw new Error(`${platform}: declarations answered ${answer.status} ${JSON.stringify(answer.body)}`);
    }
  }
}
