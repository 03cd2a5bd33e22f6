import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ScoringError } from '../scoring-error';
import { parseAttestations, parseCatalog } from './parse-catalog';

const CATALOGS = resolve(__dirname, '../../../../catalogs');
const header = 'version: 1\nid: spec\nname: spec\nperiod: { kind: fiscal-year, year: 2564 }\nscorecards:\n';
const error = (parse: () => unknown): ScoringError => {
  try {
    parse();
  } catch (thrown) {
    if (thrown instanceof ScoringError) return thrown;
  }
  throw new Error('expected a ScoringError');
};

describe(parseCatalog.name, () => {
  it.each(['dga-fy2564.yaml', 'dga-fy2563.yaml'])('reads catalogs/%s', (file) => {
    expect(parseCatalog(readFileSync(resolve(CATALOGS, file), 'utf8'), file).scorecards.length).toBeGreaterThan(0);
  });

  it('names the path and the rule of a weighted composite with a weightless child', () => {
    const thrown = error(() =>
      parseCatalog(
        `${header}  - { id: S, name: s, aggregation: weighted, children: [{ id: L, name: l, actual: { attested: { id: x } }, method: { kind: milestone } }] }`,
        'c.yaml',
      ),
    );
    expect(thrown.code).toBe('catalog.invalid');
    expect(thrown.message).toContain('c.yaml is not a valid KPI catalog');
    expect(thrown.message).toContain('$.scorecards[0].children: a weighted composite needs a weight on every child');
  });

  it('refuses a ratio without a target and an id used twice', () => {
    const thrown = error(() =>
      parseCatalog(
        `${header}  - { id: S, name: s, aggregation: mean, children: [{ id: L, name: l, actual: { attested: { id: x } }, method: { kind: ratio } }, ` +
          `{ id: L, name: l2, actual: { attested: { id: y } }, method: { kind: milestone } }] }`,
      ),
    );
    expect(thrown.message).toContain('a ratio or inverse-ratio method needs a target');
    expect(thrown.message).toContain('id "L" is used more than once');
  });

  it('says so when the text is not YAML', () => {
    expect(error(() => parseCatalog('scorecards: [', 'broken.yaml')).message).toMatch(/^broken\.yaml is not valid YAML/);
  });
});

describe(parseAttestations.name, () => {
  it('reads catalogs/dga-fy2564.attested.yaml, each value with who, why and evidence', () => {
    const { attestations } = parseAttestations(readFileSync(resolve(CATALOGS, 'dga-fy2564.attested.yaml'), 'utf8'));
    expect(attestations.length).toBeGreaterThan(0);
    for (const attestation of attestations)
      expect(attestation).toMatchObject({ by: expect.any(String), why: expect.any(String), evidence: expect.any(String) });
  });

  it('refuses an attestation without evidence, naming the field', () => {
    const thrown = error(() => parseAttestations('version: 1\nattestations:\n  - { id: x, value: 1, effective: 2021-09-30, by: me, why: because }'));
    expect(thrown.code).toBe('attestations.invalid');
    expect(thrown.message).toContain('$.attestations[0].evidence');
  });
});
