import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { Command, InvalidArgumentError } from '@commander-js/extra-typings';
import type { EventVerdict, IngestAnswer } from '@govmetrics/contracts';
import { IngestAnswerSchema } from '@govmetrics/contracts';
import { readFileSync } from 'node:fs';
import type { OptionsOf } from '../command';
import { exitsWith } from '../command';
import { ProgressBar } from '../send/progress-bar';
import { pseudonymizeEntity, rawEntityOf } from '../send/pseudonymize';

const MAX_ATTEMPTS = 8;

interface Line {
  number: number;
  text: string;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Each non-empty line, with raw entities replaced by pseudonyms; a line that is not JSON goes as it is, for the service to reject. */
function prepare(lines: Line[], platform: string, entityKey: string | undefined, keyVersion: number): Line[] {
  return lines.map((line) => {
    let event: unknown;
    try {
      event = JSON.parse(line.text);
    } catch {
      return line;
    }
    // The key writes for one platform: refuse the file up front rather than have the service refuse a batch midway.
    const claimed = (event as { data?: { platform?: unknown } } | null)?.data?.platform;
    if (typeof claimed === 'string' && claimed !== platform) throw new Error(`line ${line.number} is an event of platform "${claimed}", not "${platform}"`);
    if (rawEntityOf(event) === undefined) return line;
    if (entityKey === undefined) throw new Error(`line ${line.number} carries a raw data.entity: set GOVMETRICS_ENTITY_KEY so that it leaves pseudonymized`);
    return { number: line.number, text: JSON.stringify(pseudonymizeEntity(event, entityKey, keyVersion)) };
  });
}

/** Posts one NDJSON batch; waits out 503 and 429 as the service's Retry-After says. */
async function postBatch(url: string, apiKey: string, batch: Line[]): Promise<IngestAnswer> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/x-ndjson' },
      body: batch.map((line) => line.text).join('\n'),
    }).catch((error: unknown) => ({ status: 0, error }) as const);
    if ('error' in response) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`ingest unreachable at ${url}: ${String(response.error)}`);
      await sleep(2000);
      continue;
    }
    const text = await response.text();
    if (response.status === 200) return IngestAnswerSchema.parse(JSON.parse(text));
    if ((response.status === 503 || response.status === 429) && attempt < MAX_ATTEMPTS) {
      await sleep(Math.min(30, Number(response.headers.get('retry-after') ?? 5)) * 1000);
      continue;
    }
    throw new Error(`ingest refused the batch starting at line ${batch[0]?.number}: HTTP ${response.status} ${text}`);
  }
}

/** A whole number of at least 1, for `--batch-size` and `--key-version`. */
function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('expected a whole number of at least 1.');
  return value;
}

const definition = () =>
  new Command('send')
    .description('send an NDJSON file of usage events to the ingest, pseudonymizing raw entity ids (HMAC) first')
    .argument('<file>', 'the usage events, NDJSON')
    .requiredOption('--platform <id>', 'the platform whose API key sends them')
    .option('--url <url>', 'ingest base URL (default $GOVMETRICS_INGEST_URL or http://127.0.0.1:3001)')
    .option('--batch-size <n>', "events per request (at most the service's limit of 5000)", positiveInteger, 1000)
    .option('--key-version <n>', 'version of GOVMETRICS_ENTITY_KEY, written into each pseudonym', positiveInteger, 1)
    .addHelpText(
      'after',
      [
        '',
        'Environment:',
        "  GOVMETRICS_API_KEY     the platform's ingest API key (required)",
        '  GOVMETRICS_ENTITY_KEY  HMAC key that pseudonymizes raw data.entity values before they leave (required if any)',
      ].join('\n'),
    );

async function send(file: string, values: OptionsOf<typeof definition>, command: CommandUnknownOpts): Promise<number> {
  const apiKey = process.env.GOVMETRICS_API_KEY;
  if (!apiKey) command.error("error: set GOVMETRICS_API_KEY to the platform's ingest API key");
  const url = (values.url ?? process.env.GOVMETRICS_INGEST_URL ?? 'http://127.0.0.1:3001').replace(/\/$/, '');
  const raw = readFileSync(file, 'utf8')
    .split('\n')
    .map((text, index) => ({ number: index + 1, text: text.trim() }))
    .filter((line) => line.text.length > 0);
  const lines = prepare(raw, values.platform, process.env.GOVMETRICS_ENTITY_KEY || undefined, values.keyVersion);

  const counts = { accepted: 0, duplicate: 0, rejected: 0 };
  const rejected: { line: number; verdict: Extract<EventVerdict, { status: 'rejected' }> }[] = [];
  const bar = new ProgressBar(lines.length);
  for (let start = 0; start < lines.length; start += values.batchSize) {
    const batch = lines.slice(start, start + values.batchSize);
    const answer = await postBatch(url, apiKey, batch);
    for (const key of ['accepted', 'duplicate', 'rejected'] as const) counts[key] += answer[key];
    for (const verdict of answer.results) if (verdict.status === 'rejected') rejected.push({ line: batch[verdict.index]?.number ?? 0, verdict });
    bar.update(start + batch.length, `accepted ${counts.accepted}  duplicate ${counts.duplicate}  rejected ${counts.rejected}`);
  }
  bar.finish();
  for (const { line, verdict } of rejected.slice(0, 20)) {
    console.log(`line ${line}: ${verdict.errors.map((error) => `${error.path} ${error.rule}: ${error.message}`).join('; ')}`);
  }
  if (rejected.length > 20) console.log(`… and ${rejected.length - 20} more rejected lines`);
  console.log(`${file} → ${values.platform}: ${lines.length} events, accepted ${counts.accepted}, duplicate ${counts.duplicate}, rejected ${counts.rejected}`);
  return counts.rejected === 0 ? 0 : 1;
}

export const sendCommand = () => definition().action(exitsWith(send));
