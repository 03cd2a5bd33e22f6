export type CredentialStoreErrorCode = 'CREDENTIAL_NOT_FOUND' | 'CREDENTIAL_ALREADY_REVOKED' | 'CREDENTIAL_STORE_UNAVAILABLE' | 'CREDENTIAL_STORE_FAILED';

/** Every failure of the credential store: a string `code`, whether retrying may help, and the server's error as `cause`. */
export class CredentialStoreError extends Error {
  constructor(
    readonly code: CredentialStoreErrorCode,
    message: string,
    readonly retriable = false,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'CredentialStoreError';
  }
}

// Connection exceptions (08), insufficient resources (53), operator intervention (57), serialization/deadlock (40).
const RETRIABLE_SQLSTATE = /^(08|53|57|40)/;
const UNREACHABLE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection terminated|timeout/i;

/** What `pg` threw, as the store's error: an unreachable server is retriable and `CREDENTIAL_STORE_UNAVAILABLE`. */
export function toCredentialStoreError(operation: string, error: unknown): CredentialStoreError {
  if (error instanceof CredentialStoreError) return error;
  const sqlState = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const reason = error instanceof Error ? error.message : String(error);
  if (RETRIABLE_SQLSTATE.test(sqlState) || UNREACHABLE.test(reason))
    return new CredentialStoreError('CREDENTIAL_STORE_UNAVAILABLE', `credential store ${operation}: ${reason}`, true, { cause: error });
  return new CredentialStoreError('CREDENTIAL_STORE_FAILED', `credential store ${operation} failed: ${reason}`, false, { cause: error });
}
