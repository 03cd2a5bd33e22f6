import { z } from 'zod';

/**
 * A catalog, scorecard, indicator, measure or attested-value id, and a period name (`FY2564`): one rule for the
 * catalog file, the ledger's events and every query naming one.
 */
export const IdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'id must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit');
