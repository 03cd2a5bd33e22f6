import { loadConfig, positiveIntField } from '@govmetrics/config';
import { LEDGER_HEADS_TOPIC } from '@govmetrics/contracts';
import { z } from 'zod';

export const HeadsPublisherConfigSchema = z.object({
  /**
   * `keyId=KEY`: the Ed25519 private key the ledger's heads are signed with (PEM, or base64 of the raw 32 bytes:
   * `npm run -s cli -- ledger keygen`). Held by this service only, never by the database; no key, no signed heads.
   */
  LEDGER_SIGNING_KEY: z.string().min(1).optional(),
  /** Where signed heads are published: kept forever, one partition, in order. */
  LEDGER_HEADS_TOPIC: z.string().min(1).default(LEDGER_HEADS_TOPIC),
  /** A file signed heads are also appended to, one JSON document a line (for an auditor's own copy). */
  LEDGER_HEADS_FILE: z.string().min(1).optional(),
  /**
   * How often the ledger is read for appends this service was not told of (the CLI's catalog changes); heads are
   * published only when one moved (and soon after each of this service's appends).
   */
  LEDGER_HEADS_INTERVAL_SECONDS: positiveIntField(60),
  /** Unchanged heads are signed and published again after this long: a dated statement that the ledger stood so. */
  LEDGER_HEADS_KEEPALIVE_SECONDS: positiveIntField(3600),
});

export type HeadsPublisherConfig = z.infer<typeof HeadsPublisherConfigSchema>;

export const loadHeadsPublisherConfig = (env: NodeJS.ProcessEnv): HeadsPublisherConfig => loadConfig(HeadsPublisherConfigSchema, env);
