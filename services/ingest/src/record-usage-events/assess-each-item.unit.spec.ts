import { parsePlatformCatalog, type PlatformCatalog, USAGE_EVENT_TYPE } from '@govmetrics/contracts';
import { assessBatch, type IntakePolicy } from '@govmetrics/ingestion';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { assessEachItem, UNASSESSABLE_RULE } from './assess-each-item';

const shipped = parsePlatformCatalog(readFileSync(resolve(__dirname, '../../../../catalogs/platforms.yaml'), 'utf8'));

/** The shipped catalog, except that any look-up of GDX's metric `boom` throws: a stand-in for a validator fault. */
function faultyCatalog(): PlatformCatalog {
  const gdx = shipped.platforms.gdx;
  if (!gdx) throw new Error('the shipped catalog has no gdx');
  const fault = (name: string | symbol) => {
    if (name === 'boom') throw new TypeError('catalog fault');
  };
  const metrics = new Proxy(gdx.metrics, {
    get: (target, name, receiver) => (fault(name), Reflect.get(target, name, receiver) as unknown),
    has: (target, name) => (fault(name), Reflect.has(target, name)),
    getOwnPropertyDescriptor: (target, name) => (fault(name), Reflect.getOwnPropertyDescriptor(target, name)),
  });
  return { ...shipped, platforms: { ...shipped.platforms, gdx: { ...gdx, metrics } } };
}

const policy: IntakePolicy = { catalog: faultyCatalog(), eventTime: { notBefore: new Date('2020-10-01T00:00:00+07:00'), maxAheadMs: 300_000 }, now: () => new Date('2021-06-01T00:00:00Z') };

const event = (id: string, metric = 'api_calls') => ({
  specversion: '1.0',
  id,
  source: 'urn:dga:platform:gdx',
  type: USAGE_EVENT_TYPE,
  time: '2021-03-01T10:00:00+07:00',
  data: { platform: 'gdx', metric, agency: 'moph', value: 1 },
});

describe(assessEachItem.name, () => {
  it('answers an item whose judging throws as that item’s unassessable rejection, and judges its neighbours as usual', () => {
    const items = [event('a'), event('b', 'boom'), event('a'), { not: 'an event' }, event('c')];
    const faults: { error: unknown; index?: number }[] = [];
    expect(() => assessBatch(items, policy)).toThrow('catalog fault');

    const assessment = assessEachItem(items, policy, (error, index) => faults.push({ error, index }));

    expect(assessment.verdicts).toEqual([
      { index: 0, id: 'a', status: 'accepted' },
      { index: 1, id: 'b', status: 'rejected', errors: [{ path: '$', rule: UNASSESSABLE_RULE, message: expect.stringContaining('not accepted') }] },
      { index: 2, id: 'a', status: 'duplicate' },
      { index: 3, status: 'rejected', errors: expect.any(Array) },
      { index: 4, id: 'c', status: 'accepted' },
    ]);
    expect(assessment.accepted.map(({ index, event: { id } }) => [index, id])).toEqual([
      [0, 'a'],
      [4, 'c'],
    ]);
    expect(assessment.repeats.map(({ index }) => index)).toEqual([2]);
    expect(faults).toEqual([{ error: new TypeError('catalog fault'), index: 1 }]);
  });

  it('is assessBatch itself when nothing throws', () => {
    const items = [event('a'), event('a'), event('x', 'likes')];
    expect(assessEachItem(items, policy, () => undefined)).toEqual(assessBatch(items, policy));
  });
});
