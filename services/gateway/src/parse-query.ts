import { BadRequestException } from '@nestjs/common';
import { toRejections } from '@govmetrics/contracts';
import type { z } from 'zod';

/** The query as its contract reads it, or 400 `invalid_query` naming every parameter at fault and its rule. */
export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw new BadRequestException({ error: 'invalid_query', errors: toRejections(parsed.error) });
  return parsed.data;
}
