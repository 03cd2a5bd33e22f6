import { packPosition, unpackPosition } from './kurrentdb-position';

describe(packPosition.name, () => {
  it('round-trips both 64-bit halves of a KurrentDB position', () => {
    const position = { commit: 18_446_744_073_709_551_615n, prepare: 12_345n };
    expect(unpackPosition(packPosition(position))).toEqual(position);
  });

  it('orders by commit first, then prepare, as $all does', () => {
    const a = packPosition({ commit: 10n, prepare: 99n });
    const b = packPosition({ commit: 11n, prepare: 0n });
    const c = packPosition({ commit: 11n, prepare: 5n });
    expect(a < b && b < c).toBe(true);
  });
});
