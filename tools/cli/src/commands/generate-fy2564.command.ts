import { Command } from '@commander-js/extra-typings';
import { FY2564_STREAMS, generateFy2564 } from '@govmetrics/demo-data';
import { writeFileSync } from 'node:fs';
import type { OptionsOf } from '../command';
import { exitsWith } from '../command';

const definition = () =>
  new Command('generate-fy2564')
    .description('write the FY2564 demo usage events (NDJSON) whose aggregates equal the annual report')
    .requiredOption('--out <file>', 'where to write them, e.g. FILE.ndjson');

function generate(values: OptionsOf<typeof definition>): Promise<number> {
  const events = generateFy2564();
  writeFileSync(values.out, events.map((event) => JSON.stringify(event)).join('\n') + '\n');
  console.log(`wrote ${events.length} usage events of ${FY2564_STREAMS.length} platform metrics to ${values.out}`);
  console.log('attested values for the indicators no platform streams: catalogs/dga-fy2564.attested.yaml');
  return Promise.resolve(0);
}

export const generateFy2564Command = () => definition().action(exitsWith(generate));
