import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { publishedSchemas } from './published-schemas';

const SCHEMAS_DIR = resolve(__dirname, '../../../schemas');

describe(publishedSchemas.name, () => {
  it.each(Object.entries(publishedSchemas()))('keeps schemas/%s identical to what libs/contracts generates', (file, schema) => {
    const committed: unknown = JSON.parse(readFileSync(resolve(SCHEMAS_DIR, file), 'utf8'));
    // On drift: `npm run -s cli -- schemas` regenerates the files.
    expect(committed).toEqual(schema);
  });
});
