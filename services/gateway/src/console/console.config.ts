import { loadConfig } from '@govmetrics/config';
import { resolve } from 'node:path';
import { z } from 'zod';

export const ConsoleConfigSchema = z.object({
  /** The built console (`npx nx run console:build` writes apps/console/dist), served at /console. */
  GATEWAY_CONSOLE_DIR: z.string().min(1).default(resolve(__dirname, '../../../../apps/console/dist')),
});

export type ConsoleConfig = z.infer<typeof ConsoleConfigSchema>;

export const loadConsoleConfig = (env: NodeJS.ProcessEnv): ConsoleConfig => loadConfig(ConsoleConfigSchema, env);
