import { bangkokDay } from './bangkok-time';

describe(bangkokDay.name, () => {
  it('puts 17:00 UTC on the next Bangkok day, where fiscal periods count it', () => {
    expect(bangkokDay(Date.parse('2021-09-30T16:59:59Z'))).toBe('2021-09-30');
    expect(bangkokDay(Date.parse('2021-09-30T17:00:00Z'))).toBe('2021-10-01');
  });
});
