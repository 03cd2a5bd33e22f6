import type { EndpointAccess, HttpService, Principal } from '@govmetrics/contracts';
import { ACCESS_MATRIX } from '@govmetrics/contracts';

export type AccessDecision = { allowed: true } | { allowed: false; code: 'unauthorized' | 'forbidden'; message: string };

const ALLOWED: AccessDecision = { allowed: true };
const forbidden = (message: string): AccessDecision => ({ allowed: false, code: 'forbidden', message });

/** The matrix row of a route (`method` and Fastify's route pattern), or undefined for a route the matrix does not list. */
export const endpointAccess = (
  service: HttpService,
  method: string,
  path: string,
  matrix: readonly EndpointAccess[] = ACCESS_MATRIX,
): EndpointAccess | undefined => matrix.find((row) => row.service === service && row.method === method && row.path === path);

/**
 * A principal limited to agencies reads only what can be cut to them: a route the matrix scopes by agency, asked for
 * one of its agencies. Everything else it reaches spans every agency (attainment and scorecards are scored over all
 * of them, quarantined records are any agency's), so it is refused, naming the rule, rather than answered in part.
 */
function outsideAgencies(row: EndpointAccess, agencies: readonly string[], query: Readonly<Record<string, unknown>>): string | undefined {
  const mine = agencies.length ? agencies.join(', ') : 'none';
  if (!row.scope?.agency)
    return `${row.method} ${row.path} spans every agency; a token limited to agencies (${mine}) reads only aggregates of its own, asked with agency=`;
  const agency = query.agency;
  if (typeof agency !== 'string' || !agencies.includes(agency)) return `you may query only agencies ${mine}: name one as agency=`;
  return undefined;
}

/** A scoped principal may ask only within its scope: one limited to agencies for one of them, a platform for itself. */
function outOfScope(row: EndpointAccess, principal: Principal, query: Readonly<Record<string, unknown>>): string | undefined {
  const admittedBy = row.roles === 'open' ? [] : row.roles.filter((role) => principal.roles.includes(role));
  if (principal.agencies) {
    const outside = outsideAgencies(row, principal.agencies, query);
    if (outside) return outside;
  }
  if (row.scope?.platform && admittedBy.every((role) => role === 'platform')) {
    if (principal.platform === undefined || query.platform !== principal.platform)
      return `a platform may read only its own records: add platform=${principal.platform ?? '?'}`;
  }
  return undefined;
}

/**
 * Whether a request may pass: open routes always, others need a principal holding one of the row's roles and asking
 * within its scope. A route missing from the matrix is refused to everyone, so a new endpoint is closed until listed.
 */
export function decideAccess(row: EndpointAccess | undefined, principal: Principal | undefined, query: Readonly<Record<string, unknown>> = {}): AccessDecision {
  if (row?.roles === 'open') return ALLOWED;
  if (principal === undefined) return { allowed: false, code: 'unauthorized', message: 'send a bearer token as "Authorization: Bearer <token>"' };
  if (row === undefined) return forbidden('this route is not in the access matrix');
  if (!row.roles.some((role) => principal.roles.includes(role))) return forbidden(`${row.method} ${row.path} needs one of the roles ${row.roles.join(', ')}`);
  const scope = outOfScope(row, principal, query);
  return scope === undefined ? ALLOWED : forbidden(scope);
}

/** Whether an open route may show its detail (e.g. /health's dependency checks) to this principal. */
export const seesDetail = (row: EndpointAccess | undefined, principal: Principal | undefined): boolean =>
  principal !== undefined && (row?.detailRoles ?? []).some((role) => principal.roles.includes(role));
