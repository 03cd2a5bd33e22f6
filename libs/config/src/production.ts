/** Production mode: `NODE_ENV=production` or `GOVMETRICS_ENV=production`. Anything else is local development. */
export const isProduction = (env: Record<string, string | undefined>): boolean => env.NODE_ENV === 'production' || env.GOVMETRICS_ENV === 'production';

/**
 * The keys among `keys` that production mode needs set but `env` leaves unset or empty, each as a problem line:
 * their defaults (superuser URLs, password-less users) only suit local development.
 */
export function missingInProduction(env: Record<string, string | undefined>, keys: readonly string[]): string[] {
  if (!isProduction(env)) return [];
  return keys
    .filter((key) => !env[key])
    .map((key) => `${key}=(unset): required in production (NODE_ENV or GOVMETRICS_ENV=production); its default only suits local development`);
}
