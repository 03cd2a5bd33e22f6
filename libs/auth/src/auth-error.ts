/** Why a request was refused: `unauthorized` (401: no credential, or one that did not verify) or `forbidden` (403). */
export type AuthErrorCode = 'unauthorized' | 'forbidden';

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

  get status(): 401 | 403 {
    return this.code === 'unauthorized' ? 401 : 403;
  }
}
