import { FY2564_STREAMS, generateFy2564 } from '@govmetrics/demo-data';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';

export const generateFy2564Command: CliCommand = {
  name: 'generate-fy2564',
  summary: 'write the FY2564 demo usage events (NDJSON) whose aggregates equal the annual report: --out FILE',
  run(args) {
    const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
    if (!values.out) {
      console.error('usage: npm run -s cli -- generate-fy2564 --out FILE.ndjson');
      return Promise.resolve(2);
    }
    const events = generateFy2564();
    writeFileSync(values.out, events.map((event) => JSON.stringify(event)).join('\n') + '\n');
    console.log(`wrote ${events.length} usage events of ${FY2564_STREAMS.length} platform metrics to ${values.out}`);
    console.log('attested values for the indicators no platform streams: catalogs/dga-fy2564.attested.yaml');
    return Promise.resolve(0);
  },
};
