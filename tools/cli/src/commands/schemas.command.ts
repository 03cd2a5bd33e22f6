import { Command } from '@commander-js/extra-typings';
import { publishedSchemas } from '@govmetrics/contracts';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { exitsWith } from '../command';

const SCHEMAS_DIR = resolve(__dirname, '../../../../schemas');

function writeSchemas(): Promise<number> {
  for (const [file, schema] of Object.entries(publishedSchemas())) {
    writeFileSync(resolve(SCHEMAS_DIR, file), `${JSON.stringify(schema, null, 2)}\n`);
    console.log(`wrote schemas/${file}`);
  }
  return Promise.resolve(0);
}

export const schemasCommand = () =>
  new Command('schemas').description('regenerate the JSON Schemas in schemas/ from libs/contracts').action(exitsWith(writeSchemas));
