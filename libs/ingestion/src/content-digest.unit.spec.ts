import type { UsageEvent } from '@govmetrics/contracts';
import { canonicalContent, contentDigest } from './content-digest';
import { gdxEvent, PSEUDONYM } from './testing/intake.fixtures';

describe(contentDigest.name, () => {
  const original = gdxEvent({ dimensions: { service: 'dopa-linkage', tier: 'gold' } }, { time: '2021-03-01T10:00:00+07:00' });

  it.each<[string, UsageEvent]>([
    ['dimensions in another key order', gdxEvent({ dimensions: { tier: 'gold', service: 'dopa-linkage' } })],
    ['the same instant in UTC', gdxEvent({ dimensions: original.data.dimensions }, { time: '2021-03-01T03:00:00Z' })],
    ['the same instant with a zero fraction', gdxEvent({ dimensions: original.data.dimensions }, { time: '2021-03-01T10:00:00.000+07:00' })],
    [
      'envelope keys in another order, datacontenttype given',
      {
        data: { ...original.data },
        time: original.time,
        id: 'evt-1',
        source: original.source,
        type: original.type,
        specversion: '1.0',
        datacontenttype: 'application/json',
      },
    ],
  ])('is unchanged by notation: %s', (_, resend) => {
    expect(contentDigest(resend)).toBe(contentDigest(original));
  });

  it('treats absent and empty dimensions alike', () => {
    expect(contentDigest(gdxEvent({ dimensions: {} }))).toBe(contentDigest(gdxEvent()));
  });

  it.each<[string, UsageEvent]>([
    ['value', gdxEvent({ ...original.data, value: 43 })],
    ['agency (another partition key)', gdxEvent({ ...original.data, agency: 'mof' })],
    ['metric', gdxEvent({ ...original.data, metric: 'datasets' })],
    ['entity', gdxEvent({ ...original.data, entity: PSEUDONYM })],
    ['a dimension value', gdxEvent({ ...original.data, dimensions: { service: 'dopa-linkage', tier: 'silver' } })],
    ['a dimension more', gdxEvent({ ...original.data, dimensions: { service: 'dopa-linkage', tier: 'gold', zone: 'a' } })],
    ['the time, by one millisecond', gdxEvent(original.data, { time: '2021-03-01T10:00:00.001+07:00' })],
    ['the subject', gdxEvent(original.data, { subject: 'moph/ward-7' })],
  ])('changes with the content: %s', (_, changed) => {
    expect(contentDigest(changed)).not.toBe(contentDigest(original));
  });

  it('is 128 bits of hex, and the canonical form keeps no envelope identity (source, id), which the claim keys on', () => {
    expect(contentDigest(original)).toMatch(/^[0-9a-f]{32}$/);
    expect(canonicalContent(gdxEvent({}, { id: 'other', source: 'urn:x' }))).toBe(canonicalContent(gdxEvent()));
  });
});

describe(canonicalContent.name, () => {
  it('keeps free texts apart from the separators: a subject or dimension value holding "|" or "=" cannot mimic another event', () => {
    const piped = gdxEvent({ dimensions: { service: 'a|service=b' } });
    const split = { ...piped, data: { ...piped.data, dimensions: { service: 'a' } }, subject: 'x' };
    expect(canonicalContent(piped)).not.toBe(canonicalContent(split));
    expect(canonicalContent(gdxEvent({}, { subject: '' }))).not.toBe(canonicalContent(gdxEvent()));
  });
});
