import { positiveIntField } from '@govmetrics/config';
import { z } from 'zod';

/** Where admins' API keys and tokens are kept, and how long a service may believe what it read there. */
export const CredentialsConfigSchema = z.object({
  /** The credential store's PostgreSQL; the superuser's local default suits local development only. */
  CREDENTIALS_DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/postgres'),
  CREDENTIALS_DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .default('credentials'),
  /** How long a lookup is believed: the longest a revoked key or token is still accepted, and a new one still refused after a miss. */
  CREDENTIALS_CACHE_MS: positiveIntField(5000),
});
export type CredentialsConfig = z.infer<typeof CredentialsConfigSchema>;

/** Production names the store's connection: its default is the local superuser. */
export const CREDENTIALS_CREDENTIAL_KEYS = ['CREDENTIALS_DATABASE_URL'] as const;
