import { sqlString } from './sql';

describe(sqlString.name, () => {
  it('escapes quotes and backslashes so a value cannot end the literal', () => {
    expect(sqlString("moph' OR 1=1 --")).toBe("'moph\\' OR 1=1 --'");
    expect(sqlString('a\\')).toBe("'a\\\\'");
  });
});
