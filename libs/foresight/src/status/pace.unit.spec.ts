import { paceOf } from './pace';

describe(paceOf.name, () => {
  const end = '2021-09-30';
  // 30 days left after 2021-08-31: a gap of 300 needs 10 a day.
  const asOf = '2021-08-31';

  it('measures each window against the pace that closes the gap exactly on the last day', () => {
    // Given 20 a day for the last 30 days, 5 a day in the last week
    const history = [...Array.from({ length: 24 }, (_, day) => day * 20), ...Array.from({ length: 7 }, (_, day) => 465 + day * 5)];
    const current = history[history.length - 1] ?? 0;
    const pace = paceOf('higher', current + 300, history, asOf, end);
    expect(pace?.short).toBeCloseTo(0.5);
    expect(pace?.long).toBeCloseTo(1.65);
    // Then a slow week inside a fast month is not behind
    expect(pace?.behind).toBe(false);
  });

  it('is behind only when both windows are short of the pace needed, in either direction', () => {
    const slow = Array.from({ length: 31 }, (_, day) => day * 2);
    expect(paceOf('higher', 60 + 300, slow, asOf, end)).toMatchObject({ short: 0.2, long: 0.2, behind: true });
    const falling = Array.from({ length: 31 }, (_, day) => 1000 - day * 20);
    expect(paceOf('lower', 400 - 300, falling, asOf, end)).toMatchObject({ short: 2, long: 2, behind: false });
  });

  it('says nothing once the goal is met, without a goal, or on the last day', () => {
    expect(paceOf('higher', 10, [5, 12], asOf, end)).toBeNull();
    expect(paceOf('higher', null, [5, 6], asOf, end)).toBeNull();
    expect(paceOf('higher', 100, [5, 6], end, end)).toBeNull();
  });
});
