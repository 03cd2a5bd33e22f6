import { loadConfig } from '@govmetrics/config';
import { TOPICS } from '@govmetrics/contracts';
import { z } from 'zod';

export const QuarantineViewConfigSchema = z.object({
  /** The topic the consumers quarantine records to (the projector's QUARANTINE_TOPIC). */
  QUARANTINE_TOPIC: z.string().min(1).default(TOPICS.quarantine),
});

export type QuarantineViewConfig = z.infer<typeof QuarantineViewConfigSchema>;
export const QUARANTINE_VIEW_CONFIG = Symbol('QuarantineViewConfig');

export const loadQuarantineViewConfig = (env: NodeJS.ProcessEnv): QuarantineViewConfig => loadConfig(QuarantineViewConfigSchema, env);
