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
  readonly reason = 'malformed_announcement';
  readonly offset: string;
  readonly offsets: string[];
  /** Each culprit with why, in the shape the transport's quarantine reads (`PoisonRecord`). */
  readonly records: readonly { offset: string; reason: string; message: string }[];

  constructor(
    readonly topic: string,
    readonly partition: number,
    malformed: readonly MalformedAnnouncement[],
  ) {
    const [first] = malformed;
    super(
      `${topic}[${partition}]: ${malformed.length} record(s) not AggregatesChanged announcements, first @${first?.offset ?? '?'}: ${first?.reason ?? ''}`.slice(
        0,
        1000,
      ),
    );
    this.name = 'MalformedAnnouncementsError';
    this.offset = first?.offset ?? '';
    this.offsets = malformed.map((record) => record.offset);
    this.records = malformed.map(({ offset, reason }) => ({ offset, reason: this.reason, message: reason }));
  }
}
