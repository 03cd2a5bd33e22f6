import { z } from 'zod';

/** Who may do what; see docs/security.md for what each credential can do. */
export const ROLES = ['platform', 'operator', 'auditor', 'steward', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const HTTP_SERVICES = ['ingest', 'gateway'] as const;
export type HttpService = (typeof HTTP_SERVICES)[number];

/**
 * One HTTP endpoint and who may call it. `roles: 'open'` answers anyone (liveness); `detailRoles` then says who sees
 * more than the status. `scope` names the query parameter a scoped principal is held to: an operator listing
 * agencies must ask for one of them (`agency`), a platform only for itself (`platform`).
 */
export interface EndpointAccess {
  service: HttpService;
  method: 'GET' | 'POST';
  /** Fastify's route pattern, e.g. `/v1/targets/:indicator/revisions`. */
  path: string;
  roles: readonly Role[] | 'open';
  detailRoles?: readonly Role[];
  scope?: { agency?: true; platform?: true };
  what: string;
}

/** Every HTTP service's probes: open to anyone (a load balancer has no token), the checks shown only to operators. */
const healthRoutes = (service: HttpService): EndpointAccess[] => [
  { service, method: 'GET', path: '/health/live', roles: 'open', what: 'liveness: the process answers (no dependency asked)' },
  {
    service,
    method: 'GET',
    path: '/health/ready',
    roles: 'open',
    detailRoles: ['operator', 'admin'],
    what: 'readiness (503 while a dependency is down or it shuts down); the checks only for operators',
  },
  { service, method: 'GET', path: '/health', roles: 'open', detailRoles: ['operator', 'admin'], what: 'the readiness answer under its first name' },
];

/** An admin's three endpoints over one kind of credential: issue (its secret shown once), list (never a secret), revoke. */
const adminRoutes = (kind: 'api-keys' | 'tokens', issued: string, listed: string): EndpointAccess[] => [
  { service: 'gateway', method: 'POST', path: `/v1/admin/${kind}`, roles: ['admin'], what: `issue ${issued} as the token's subject; its secret is shown once` },
  { service: 'gateway', method: 'GET', path: `/v1/admin/${kind}`, roles: ['admin'], what: `${listed}, never a secret` },
  {
    service: 'gateway',
    method: 'POST',
    path: `/v1/admin/${kind}/:id/revoke`,
    roles: ['admin'],
    what: 'revoke one: refused everywhere within CREDENTIALS_CACHE_MS (5 s)',
  },
];

/** THE roles matrix: every HTTP endpoint of every service. The guards enforce it, docs/security.md prints it, the security tests are generated from it. */
export const ACCESS_MATRIX: readonly EndpointAccess[] = [
  { service: 'ingest', method: 'POST', path: '/v1/events', roles: ['platform'], what: "send the platform's own events (its API key binds the platform)" },
  {
    service: 'ingest',
    method: 'GET',
    path: '/v1/events/:id',
    roles: ['platform'],
    what: "the verdict recorded for one of the platform's own events (its credential binds the source)",
  },
  {
    service: 'ingest',
    method: 'POST',
    path: '/v1/completeness',
    roles: ['platform'],
    what: 'declare days complete for a metric (only for its own platform)',
  },
  ...healthRoutes('ingest'),
  { service: 'gateway', method: 'GET', path: '/v1/aggregates/total', roles: ['operator'], scope: { agency: true }, what: 'aggregate totals' },
  {
    service: 'gateway',
    method: 'GET',
    path: '/v1/series',
    roles: ['operator', 'auditor'],
    scope: { agency: true },
    what: 'windowed series, grouped, top N; CSV and NDJSON export',
  },
  {
    service: 'gateway',
    method: 'GET',
    path: '/v1/buckets/events',
    roles: ['operator', 'auditor'],
    scope: { agency: true },
    what: 'the events behind a daily bucket (pseudonymised)',
  },
  { service: 'gateway', method: 'GET', path: '/v1/aggregates/stream', roles: ['operator'], scope: { agency: true }, what: 'live aggregates (SSE)' },
  { service: 'gateway', method: 'GET', path: '/v1/attainment', roles: ['operator'], what: 'KPI attainment board' },
  { service: 'gateway', method: 'GET', path: '/v1/attainment/stream', roles: ['operator'], what: 'live KPI attainment (SSE)' },
  {
    service: 'gateway',
    method: 'GET',
    path: '/v1/quarantine',
    roles: ['operator', 'platform'],
    scope: { platform: true },
    what: 'quarantined records (a platform: only its own)',
  },
  {
    service: 'gateway',
    method: 'GET',
    path: '/v1/dead-letters',
    roles: ['operator', 'platform'],
    scope: { platform: true },
    what: "the raw-intake validator's dead letters (a platform: only its own)",
  },
  {
    service: 'gateway',
    method: 'GET',
    path: '/v1/operations/pipeline',
    roles: ['operator'],
    what: 'pipeline health: consumer lag per partition, freshness, verdicts per platform and minute, dead letters, quarantine',
  },
  {
    service: 'gateway',
    method: 'GET',
    path: '/v1/operations/completeness',
    roles: ['operator'],
    what: "each platform's declared completeness: complete-through day, missing days, last event, late events",
  },
  { service: 'gateway', method: 'GET', path: '/v1/scorecards', roles: ['auditor'], what: 'scorecards as of any day' },
  {
    service: 'gateway',
    method: 'GET',
    path: '/v1/forecasts',
    roles: ['operator', 'auditor'],
    what: 'every scorecard forecast to the period end as of a day (catalog in force that day)',
  },
  { service: 'gateway', method: 'GET', path: '/v1/ledger/verify', roles: ['auditor'], what: "the ledger's hash chains verified" },
  { service: 'gateway', method: 'GET', path: '/v1/ledger/history', roles: ['auditor'], what: 'who changed the catalog, when and why' },
  {
    service: 'gateway',
    method: 'POST',
    path: '/v1/catalog/import',
    roles: ['steward'],
    what: "record a KPI catalog file in the ledger, as the token's subject",
  },
  {
    service: 'gateway',
    method: 'POST',
    path: '/v1/targets/:indicator/revisions',
    roles: ['steward'],
    what: 'revise a target against the version read (409 when stale)',
  },
  { service: 'gateway', method: 'POST', path: '/v1/attestations', roles: ['steward'], what: 'record an attested value with its evidence' },
  ...adminRoutes('api-keys', "a platform's API key (ingest)", 'every API key kept, active or not'),
  ...adminRoutes('tokens', 'a bearer token with roles', 'every bearer token kept, active or not'),
  {
    service: 'gateway',
    method: 'GET',
    path: '/v1/admin/audit',
    roles: ['admin', 'auditor'],
    what: 'who issued or revoked which key or token, when and why; its hash chain verified',
  },
  {
    service: 'gateway',
    method: 'GET',
    path: '/v1/alerts',
    roles: ['operator', 'steward', 'auditor'],
    what: 'alert rules in force and every alert (firing, resolved, acknowledged)',
  },
  { service: 'gateway', method: 'GET', path: '/v1/alerts/stream', roles: ['operator', 'steward', 'auditor'], what: 'live alerts (SSE)' },
  { service: 'gateway', method: 'POST', path: '/v1/alert-rules', roles: ['steward', 'admin'], what: "set an alert rule from a day, as the token's subject" },
  { service: 'gateway', method: 'POST', path: '/v1/alert-rules/:rule/retirements', roles: ['steward', 'admin'], what: 'retire an alert rule from a day' },
  {
    service: 'gateway',
    method: 'POST',
    path: '/v1/alerts/:alert/acknowledgements',
    roles: ['operator', 'steward'],
    what: "take charge of a firing alert, as the token's subject",
  },
  {
    service: 'gateway',
    method: 'GET',
    path: '/v1/session',
    roles: ROLES,
    what: "the token's subject and roles, and the gateway routes they admit (the console offers only those actions)",
  },
  // The console's files hold no data: the page asks for a token and every API call it makes is judged by its own row.
  { service: 'gateway', method: 'GET', path: '/console', roles: 'open', what: 'the browser console (its page)' },
  { service: 'gateway', method: 'GET', path: '/console/:file', roles: 'open', what: "the browser console's built scripts and styles" },
  ...healthRoutes('gateway'),
];

/** Who a verified credential belongs to, as every guard sees it. */
export const PrincipalSchema = z
  .object({
    subject: z.string().min(1),
    roles: z.array(RoleSchema),
    /** Binds a `platform` principal to its platform. */
    platform: z.string().optional(),
    /** An operator limited to these agencies; absent = all. */
    agencies: z.array(z.string()).optional(),
    via: z.enum(['api_key', 'static_token', 'jwt']),
  })
  .strict();
export type Principal = z.infer<typeof PrincipalSchema>;

/** One static bearer token in configuration: only the sha256 of the token is kept, so the configuration leaks no token. */
export const StaticTokenSchema = z
  .object({
    subject: z.string().min(1),
    roles: z.array(RoleSchema).min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'the hex sha256 of the token (echo -n TOKEN | sha256sum)'),
    platform: z.string().optional(),
    agencies: z.array(z.string()).optional(),
  })
  .strict();
export type StaticToken = z.infer<typeof StaticTokenSchema>;

/**
 * 401: no credential, or one that did not verify; 403: a verified principal this endpoint does not admit;
 * 429: too many failed authentications from the caller's address (with Retry-After);
 * 503: the identity provider's keys could not be fetched.
 */
export const AuthErrorSchema = z
  .object({ error: z.enum(['unauthorized', 'forbidden', 'too_many_failed_authentications', 'identity_provider_unavailable']), message: z.string() })
  .strict();
export type AuthError = z.infer<typeof AuthErrorSchema>;
