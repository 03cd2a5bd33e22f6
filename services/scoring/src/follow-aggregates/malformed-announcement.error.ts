/** Where a record that is not an `AggregatesChanged` announcement sits, and what is wrong with it. */
export interface MalformedAnnouncement {
  offset: string;
  reason: string;
}

/**
 * Records of the announcements topic that are not announcements (not JSON, off contract). A poison error
 * (`poison === true`, duck-typed by the Kafka transport): they are to be set aside, never retried. `offset` is the
 * first of them, `offsets` all of them.
 */
export class MalformedAnnouncementsError extends Error {
  readonly poison = true;
  readonly offset: string;
  readonly offsets: string[];

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly records: readonly MalformedAnnouncement[],
  ) {
    const [first] = records;
    super(`${topic}[${partition}]: ${records.length} record(s) not AggregatesChanged announcements, first @${first?.offset ?? '?'}: ${first?.reason ?? ''}`.slice(0, 1000));
    this.name = 'MalformedAnnouncementsError';
    this.offset = first?.offset ?? '';
    this.offsets = records.map((record) => record.offset);
  }
}
