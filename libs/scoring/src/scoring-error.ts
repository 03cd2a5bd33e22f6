/** Why scoring could not proceed; `code` is stable, the message says which field and which rule. */
export class ScoringError extends Error {
  constructor(
    readonly code: 'catalog.invalid' | 'attestations.invalid' | 'catalog.target-missing',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ScoringError';
  }
}
