import type { LedgerEvent } from '@govmetrics/contracts';
import type { LedgerEntry } from '@govmetrics/ledger';
import { deliveryState, positionOf } from './delivery-state';

const ref = (position: number) => ({ subscriptionId: 'chat', alertId: 'gdx-silent#1', eventId: `gdx-silent#1/${position}`, eventType: 'fired' });
const claimed = (position: number, leaseUntil: string): LedgerEvent => ({ type: 'NotificationClaimed', data: { ...ref(position), leaseUntil } });
const delivered = (position: number): LedgerEvent => ({ type: 'NotificationDelivered', data: { ...ref(position), attempts: 1 } });
const deadLettered = (position: number): LedgerEvent => ({ type: 'NotificationDeadLettered', data: { ...ref(position), attempts: 6, reason: 'HTTP 500' } });

/** A `notifications:chat` stream holding `events` in order. */
const stream = (...events: LedgerEvent[]): LedgerEntry[] =>
  events.map((event, i) => ({
    ...event,
    stream: 'notifications:chat',
    revision: BigInt(i),
    position: BigInt(100 + i),
    recordedAt: new Date(0),
    metadata: { who: 'scoring', why: 'why', when: '2021-01-01T00:00:00Z', prevHash: '0'.repeat(64), hash: '0'.repeat(64) },
  }));

describe(deliveryState.name, () => {
  it('given no stream, then nothing was sent and a claim creates the stream', () => {
    expect(deliveryState([])).toEqual({ revision: 'no_stream', done: -1n });
  });

  it('given outcomes, then it resumes after the newest change delivered or dead-lettered, against the last revision', () => {
    const state = deliveryState(stream(claimed(7, '2021-01-01T00:01:00Z'), delivered(7), claimed(9, '2021-01-01T00:02:00Z'), deadLettered(9)));
    expect(state).toEqual({ revision: 3n, done: 9n });
  });

  it('given a claim with no outcome after it, then it is held until its lease ends', () => {
    const state = deliveryState(stream(claimed(7, '2021-01-01T00:01:00Z'), delivered(7), claimed(9, '2021-01-01T00:02:00Z')));
    expect(state).toEqual({ revision: 2n, done: 7n, claim: { position: 9n, leaseUntil: Date.parse('2021-01-01T00:02:00Z') } });
  });

  it("reads a change's ledger position from the CloudEvent id, whatever the alert id holds", () => {
    expect(positionOf('gdx/silent#12/4096')).toBe(4096n);
  });
});
