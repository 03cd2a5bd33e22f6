/**
 * Quotes a value as a ClickHouse string literal. ClickHouse 18.16 has no query parameters over HTTP,
 * so every value that reaches SQL passes through here.
 */
export const sqlString = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
