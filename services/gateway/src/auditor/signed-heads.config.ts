import { loadConfig, positiveIntField } from '@govmetrics/config';
import { LEDGER_HEADS_TOPIC } from '@govmetrics/contracts';
import { KafkaConfigSchema } from '@govmetrics/kafka';
import { z } from 'zod';

export const SignedHeadsViewConfigSchema = KafkaConfigSchema.extend({
  /**
   * `keyId=KEY,…`: the Ed25519 public keys the ledger's heads are signed with (keep retired ones while their heads
   * matter). With them, `GET /v1/ledger/verify` checks the ledger against every signed heads document published.
   */
  LEDGER_VERIFY_KEYS: z.string().min(1).optional(),
  /** Where the scoring service publishes signed heads. */
  LEDGER_HEADS_TOPIC: z.string().min(1).default(LEDGER_HEADS_TOPIC),
  /**
   * How many of the topic's newest documents the gateway reads at start (then it follows): the newest trusted head of a
   * stream vouches, through the chain, for every revision before it, so the whole history is not needed at every start.
   */
  LEDGER_HEADS_TAIL_DOCUMENTS: positiveIntField(1000),
});

export type SignedHeadsViewConfig = z.infer<typeof SignedHeadsViewConfigSchema>;
export const SIGNED_HEADS_VIEW_CONFIG = Symbol('SignedHeadsViewConfig');

export const loadSignedHeadsViewConfig = (env: NodeJS.ProcessEnv): SignedHeadsViewConfig => loadConfig(SignedHeadsViewConfigSchema, env);
