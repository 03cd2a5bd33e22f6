import type { UsageEvent } from '@govmetrics/contracts';
import { toRejections, UsageEventSchema } from '@govmetrics/contracts';
import { readFileSync } from 'node:fs';

/** Usage events from an NDJSON file, each line validated; the error names the line, the field and the rule. */
export function readUsageEventsFile(path: string): UsageEvent[] {
  const events: UsageEvent[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (cause) {
        throw new Error(`${path}:${index + 1}: not JSON (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
      }
      const result = UsageEventSchema.safeParse(json);
      if (!result.success) {
        const reasons = toRejections(result.error).map((rejection) => `${rejection.path} ${rejection.rule}: ${rejection.message}`);
        throw new Error(`${path}:${index + 1}: not a usage event: ${reasons.join('; ')}`);
      }
      events.push(result.data);
    });
  return events;
}
