/** Which aggregate a read selected: one platform's metric, of some agencies or all (`null`), over a range of Bangkok days. */
export interface AggregateSelection {
  platform: string;
  metric: string;
  agencies: readonly string[] | null;
  fromDay: string | null;
  toDay: string | null;
}

/**
 * An aggregate the read model holds is not a finite number (a sum that overflowed a 64-bit float: `inf`, `-inf`, `nan`).
 * Retrying cannot help and 0 would be a lie, so it is not retriable and is poison to whatever consumer meets it.
 */
export class NonFiniteAggregateError extends Error {
  readonly code = 'NON_FINITE_AGGREGATE';
  readonly retriable = false;
  /** Duck-typed poison (see libs/kafka): a consumer quarantines the record that led here and moves on. */
  readonly poison = true;

  constructor(
    readonly selection: AggregateSelection,
    readonly rendered: string,
  ) {
    const agencies = selection.agencies?.join(', ') ?? 'every agency';
    const days = `${selection.fromDay ?? 'the first day'} to ${selection.toDay ?? 'the last day'}`;
    super(`the aggregate of ${selection.platform}/${selection.metric} for ${agencies}, ${days}, is not a finite number (${rendered})`);
    this.name = 'NonFiniteAggregateError';
  }
}
