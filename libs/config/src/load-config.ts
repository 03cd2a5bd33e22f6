import type { z } from 'zod';

/** Thrown at start-up when the environment does not describe a runnable service; lists every bad key. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once with the service's schema; fails with every offending key and value. */
export function loadConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const key = issue.path.join('.');
      const value = issue.path.length === 1 ? env[String(issue.path[0])] : undefined;
      return `${key}=${value === undefined ? '(unset)' : JSON.stringify(value)}: ${issue.message}`;
    }),
  );
}
