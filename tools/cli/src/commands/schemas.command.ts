import { publishedSchemas } from '@govmetrics/contracts';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliCommand } from '../command';

const SCHEMAS_DIR = resolve(__dirname, '../../../../schemas');

export const schemasCommand: CliCommand = {
  name: 'schemas',
  summary: 'regenerate the JSON Schemas in schemas/ from libs/contracts',
  run() {
    for (const [file, schema] of Object.entries(publishedSchemas())) {
      writeFileSync(resolve(SCHEMAS_DIR, file), `${JSON.stringify(schema, null, 2)}\n`);
      console.log(`wrote schemas/${file}`);
    }
    return Promise.resolve(0);
  },
};
