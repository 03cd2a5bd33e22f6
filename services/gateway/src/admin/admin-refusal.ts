import type { AdminError } from '@govmetrics/contracts';

const STATUS: Record<AdminError['error'], number> = { invalid_request: 400, not_found: 404, already_revoked: 409, credential_store_unavailable: 503 };

/** An admin's change that changed nothing, with the answer it gets; mapped to HTTP once, by AdminErrorsFilter. */
export class AdminRefusal extends Error {
  constructor(
    readonly body: AdminError,
    options: { cause?: unknown } = {},
  ) {
    super(body.message, options);
    this.name = 'AdminRefusal';
  }

  get status(): number {
    return STATUS[this.body.error];
  }
}
