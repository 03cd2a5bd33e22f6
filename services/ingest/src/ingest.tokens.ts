/** Nest injection tokens of the ports the ingest use cases depend on. */
export const INTAKE_POLICY = Symbol('IntakePolicy');
export const ACCEPTED_EVENTS = Symbol('AcceptedEventsRegistry');
export const USAGE_EVENT_PUBLISHER = Symbol('UsageEventPublisher');
export const API_KEYS = Symbol('ApiKeyRegistry');
export const INGEST_AUTHENTICATOR = Symbol('Authenticator');
export const INTAKE_METRICS = Symbol('IntakeMetrics');
export const KEPT_CREDENTIALS = Symbol('CachedCredentials');
export const COMPLETENESS_PUBLISHER = Symbol('CompletenessPublisher');
export const VERDICTS_PUBLISHER = Symbol('VerdictsPublisher');
