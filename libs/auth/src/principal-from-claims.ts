import type { Principal, Role } from '@govmetrics/contracts';
import { RoleSchema } from '@govmetrics/contracts';
import { AuthError } from './auth-error';

const strings = (value: unknown): string[] => {
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
};

/**
 * The principal of a verified JWT's claims: the subject (`sub`, or `client_id` for a client-credentials token that has
 * none), the roles this system knows from `rolesClaim` (an array or a space-separated string; others are ignored),
 * and the optional `platform` and `agencies` bindings.
 */
export function principalFromClaims(claims: Readonly<Record<string, unknown>>, rolesClaim = 'roles'): Principal {
  const subject = typeof claims.sub === 'string' ? claims.sub : claims.client_id;
  if (typeof subject !== 'string' || subject === '') throw new AuthError('unauthorized', 'the token names no subject (sub)');
  const roles = strings(claims[rolesClaim]).filter((role): role is Role => RoleSchema.safeParse(role).success);
  const platform = typeof claims.platform === 'string' ? claims.platform : undefined;
  const agencies = claims.agencies === undefined ? undefined : strings(claims.agencies);
  return { subject, roles, via: 'jwt', ...(platform === undefined ? {} : { platform }), ...(agencies === undefined ? {} : { agencies }) };
}
