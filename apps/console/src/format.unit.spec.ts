import { formatAge } from './format';

describe(formatAge.name, () => {
  it('names a duration by its two largest units, grouped', () => {
    expect([formatAge(163_028_437), formatAge(185), formatAge(3_600), formatAge(42), formatAge(0)]).toEqual([
      '1,886 d 21 h',
      '3 m 5 s',
      '1 h 0 m',
      '42 s',
      '0 s',
    ]);
  });
});
