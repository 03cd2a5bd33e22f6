import type { StewardError } from '@govmetrics/contracts';

const STATUS: Record<StewardError['error'], number> = { invalid_request: 400, refused: 422, stale_version: 409 };

/** A steward's write that records nothing, with the answer it gets; mapped to HTTP once, by StewardErrorsFilter. */
export class StewardRefusal extends Error {
  constructor(
    readonly body: StewardError,
    options: { cause?: unknown } = {},
  ) {
    super(body.message, options);
    this.name = 'StewardRefusal';
  }

  get status(): number {
    return STATUS[this.body.error];
  }
}
