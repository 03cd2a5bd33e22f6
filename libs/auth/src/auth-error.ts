/**
 * Why a request was refused: `unauthorized` (401: no credential, or one that did not verify), `forbidden` (403),
 * `too_many_failed_authentications` (429: the caller's address spent its failed-attempt budget), or
 * `identity_provider_unavailable` (503: a JWT could not be checked because the provider's keys could not be fetched).
 */
export type AuthErrorCode = 'unauthorized' | 'forbidden' | 'too_many_failed_authentications' | 'identity_provider_unavailable';

const STATUS = {
  unauthorized: 401,
  forbidden: 403,
  too_many_failed_authentications: 429,
  identity_provider_unavailable: 503,
} as const satisfies Record<AuthErrorCode, number>;

/** The one error of authentication and authorization; mapped to its HTTP status once, by each service's guard. */
export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'AuthError';
  }

  get status(): (typeof STATUS)[AuthErrorCode] {
    return STATUS[this.code];
  }
}
