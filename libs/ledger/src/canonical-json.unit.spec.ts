import { canonicalJson } from './canonical-json';

describe(canonicalJson.name, () => {
  it('serialises equal values to equal bytes whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, 'x'] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
  });

  it('leaves out undefined members, as JSON storage does', () => {
    expect(canonicalJson({ a: undefined, b: 'ไทย' })).toBe('{"b":"ไทย"}');
  });

  it('refuses values JSON cannot carry instead of hashing something else', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/NaN/);
    expect(() => canonicalJson({ x: 1n })).toThrow(/bigint/);
  });
});
