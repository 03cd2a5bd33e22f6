import type { z } from 'zod';
import { missingInProduction } from './production';

/** Thrown at start-up when the environment does not describe a runnable service; lists every bad key. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

const SECRET_KEY = /KEY|SECRET|PASSWORD|TOKEN/i;
// scheme://user:password@: everything from the user's colon to the word's last @, so an unencoded / or @ in a password is masked too.
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*:)\S*@/gi;

/** A configuration value as it may appear in an error: secrets by key name withheld, URL passwords masked. */
function redactConfigValue(key: string, value: string): string {
  if (SECRET_KEY.test(key)) return '(set, not shown)';
  return JSON.stringify(value.replace(URL_PASSWORD, '$1***@'));
}

export interface LoadConfigOptions {
  /** Credentials and locations whose defaults only suit local development: production mode refuses to start without them. */
  requiredInProduction?: readonly string[];
}

/** Parses the environment once with the service's schema; fails with every offending key, values shown only when not secret. */
export function loadConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>, options: LoadConfigOptions = {}): z.infer<S> {
  const missing = missingInProduction(env, options.requiredInProduction ?? []);
  const result = schema.safeParse(env);
  if (result.success && missing.length === 0) return result.data;
  throw new ConfigError([
    ...missing,
    ...(result.success ? [] : result.error.issues).map((issue) => {
      const key = issue.path.join('.');
      const value = issue.path.length === 1 ? env[String(issue.path[0])] : undefined;
      return `${key}=${value === undefined ? '(unset)' : redactConfigValue(key, value)}: ${issue.message.replace(URL_PASSWORD, '$1***@')}`;
    }),
  ]);
}
