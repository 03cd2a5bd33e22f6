import type { Principal, Role } from '@govmetrics/contracts';
import { RoleSchema } from '@govmetrics/contracts';
import { AuthError } from './auth-error';

const strings = (value: unknown): string[] => {
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
};

/** Which claims carry a principal's roles and its agency scope (the provider's names for them). */
export interface ClaimNames {
  roles: string;
  agencies: string;
}

const DEFAULT_CLAIMS: ClaimNames = { roles: 'roles', agencies: 'agencies' };

/**
 * The principal of a verified JWT's claims: the subject (`sub`, or `client_id` for a client-credentials token that has
 * none), the roles this system knows from the roles claim (an array or a space-separated string; others are ignored),
 * the optional `platform` binding and the agencies of the agencies claim (present, even empty, = limited to them).
 */
export function principalFromClaims(claims: Readonly<Record<string, unknown>>, names: ClaimNames = DEFAULT_CLAIMS): Principal {
  const subject = typeof claims.sub === 'string' ? claims.sub : claims.client_id;
  if (typeof subject !== 'string' || subject === '') throw new AuthError('unauthorized', 'the token names no subject (sub)');
  const roles = strings(claims[names.roles]).filter((role): role is Role => RoleSchema.safeParse(role).success);
  const platform = typeof claims.platform === 'string' ? claims.platform : undefined;
  const agencies = claims[names.agencies] === undefined ? undefined : strings(claims[names.agencies]);
  return { subject, roles, via: 'jwt', ...(platform === undefined ? {} : { platform }), ...(agencies === undefined ? {} : { agencies }) };
}
