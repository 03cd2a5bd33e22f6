import { accessMatrixTable } from '@govmetrics/auth';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const DOC = resolve(__dirname, '../../../docs/security.md');

describe('docs/security.md', () => {
  it('prints the roles matrix exactly as ACCESS_MATRIX holds it (the table the guards enforce and the role-matrix test runs)', () => {
    const doc = readFileSync(DOC, 'utf8');
    const printed = /<!-- access-matrix:start -->\n([\s\S]*?)\n<!-- access-matrix:end -->/.exec(doc)?.[1];
    expect(printed).toBe(accessMatrixTable());
  });
});
