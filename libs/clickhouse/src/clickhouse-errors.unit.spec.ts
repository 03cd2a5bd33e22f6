import { DependencyError } from '@govmetrics/contracts';
import { ClickHouseError, classifyClickHouseFailure, serverCodeOf, toClickHouseError } from './clickhouse-errors';

/** What @clickhouse/client throws for an 18.16 answer: its regex wants a `(TYPE)` suffix 18.16 lacks, so no code field. */
const from1816 = (code: number, text: string) => new Error(`Code: ${code}, e.displayText() = DB::Exception: ${text}, e.what() = DB::Exception\n`);
/** What it throws for a current server: the code and type parsed into fields. */
const fromCurrent = (code: string, type: string) => Object.assign(new Error('Cannot parse input'), { code, type });

describe(toClickHouseError.name, () => {
  it('keeps the code 18.16 answered a lone surrogate with, its name, and calls the records poison', () => {
    const error = toClickHouseError(
      'stage 3 events',
      from1816(25, 'Cannot parse escape sequence: missing second part of surrogate pair: (while read the value of key event_id)'),
    );

    expect(error).toBeInstanceOf(ClickHouseError);
    expect(error.server).toEqual({ code: 25, name: 'CANNOT_PARSE_ESCAPE_SEQUENCE' });
    expect(error).toMatchObject({ kind: 'poison', poison: true, retriable: false, reason: 'clickhouse_cannot_parse_escape_sequence' });
    expect(error.message).toContain('surrogate pair');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("prefers the client's parsed code and type when a current server sent them", () => {
    expect(serverCodeOf(fromCurrent('27', 'CANNOT_PARSE_INPUT_ASSERTION_FAILED'))).toEqual({ code: 27, name: 'CANNOT_PARSE_INPUT_ASSERTION_FAILED' });
    expect(toClickHouseError('stage', fromCurrent('27', 'CANNOT_PARSE_INPUT_ASSERTION_FAILED')).poison).toBe(true);
  });

  it('is a DependencyError like every adapter failure: a string code, retriable, the cause, and still its own name', () => {
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:8123');
    const error = toClickHouseError('ping', refused);

    expect(error).toBeInstanceOf(DependencyError);
    expect(error).toMatchObject({ code: 'CLICKHOUSE_FAILED', name: 'ClickHouseError', retriable: true, poison: false, cause: refused });
  });
});

describe(classifyClickHouseFailure.name, () => {
  it.each([
    [6, 'poison'],
    [27, 'poison'],
    [41, 'poison'],
    [72, 'poison'],
    [117, 'poison'],
    [131, 'poison'],
    [159, 'retriable'],
    [202, 'retriable'],
    [216, 'retriable'],
    [241, 'retriable'],
    [252, 'retriable'],
    [60, 'systemic'],
    [81, 'systemic'],
    [62, 'systemic'],
    [497, 'systemic'],
    [516, 'systemic'],
  ])('classifies server code %i as %s', (code, kind) => {
    expect(classifyClickHouseFailure(from1816(code, 'x'))).toBe(kind);
  });

  it('calls a connection failure without a server code retriable, and any other failure systemic', () => {
    expect(classifyClickHouseFailure(new Error('connect ECONNREFUSED 127.0.0.1:8123'))).toBe('retriable');
    expect(classifyClickHouseFailure(new Error('Timeout error.'))).toBe('retriable');
    expect(classifyClickHouseFailure(new Error('something odd'))).toBe('systemic');
  });

  it('never lets a systemic error be quarantined', () => {
    const error = toClickHouseError('fold', from1816(60, "Table govmetrics.usage_events doesn't exist."));
    expect(error).toMatchObject({ kind: 'systemic', poison: false, retriable: false, server: { code: 60, name: 'CODE_60' } });
  });
});
