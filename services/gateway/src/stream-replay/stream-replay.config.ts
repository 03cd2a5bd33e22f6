import { loadConfig, positiveIntField } from '@govmetrics/config';
import { z } from 'zod';

export const StreamReplayConfigSchema = z.object({
  /** Events each aggregate filter, and the attainment stream, hold for clients reconnecting with Last-Event-ID. */
  GATEWAY_REPLAY_EVENTS: positiveIntField(1_000),
  /** How long a filter's watch and its held events outlive its last stream, so that a lone dashboard can reconnect and resume. */
  GATEWAY_REPLAY_LINGER_MS: z.coerce.number().int().min(0).default(30_000),
});

export type StreamReplayConfig = z.infer<typeof StreamReplayConfigSchema>;
export const STREAM_REPLAY_CONFIG = Symbol('StreamReplayConfig');

export const loadStreamReplayConfig = (env: NodeJS.ProcessEnv): StreamReplayConfig => loadConfig(StreamReplayConfigSchema, env);
