import type { RecordedEvent } from '@govmetrics/event-store';
import { GENESIS_HASH, chainHash } from './hash-chain';
import { verifyChain } from './verify-ledger';

// Events as the ledger writes them, built here without a store: verification is a pure walk over events.
function chained(streams: Record<string, number>): RecordedEvent[] {
  const heads = new Map<string, string>();
  const revisions = new Map<string, bigint>();
  const events: RecordedEvent[] = [];
  let position = 10n;
  // Interleave the streams, as $all does.
  const queue = Object.entries(streams).flatMap(([stream, count]) => Array.from({ length: count }, (_, i) => ({ stream, i })));
  queue.sort((a, b) => a.i - b.i);
  for (const { stream, i } of queue) {
    const prevHash = heads.get(stream) ?? GENESIS_HASH;
    const data = { catalogId: 'dga-fy2564', indicatorId: stream, period: 'FY2564', target: 90 + i };
    const metadata = { who: 'planner@dga.or.th', why: `revision ${i}`, when: '2021-01-01T00:00:00.000Z', prevHash };
    const hash = chainHash({ stream, type: 'TargetRevised', data, metadata, prevHash });
    heads.set(stream, hash);
    const revision = revisions.get(stream) ?? 0n;
    revisions.set(stream, revision + 1n);
    events.push({ stream, revision, position: (position += 3n), recordedAt: new Date(0), type: 'TargetRevised', data, metadata: { ...metadata, hash } });
  }
  return events;
}

describe(verifyChain.name, () => {
  it('accepts intact chains and reports each stream head', () => {
    const result = verifyChain(chained({ a: 3, b: 2 }));
    expect(result).toMatchObject({ ok: true, checked: 5 });
    expect(result.ok && result.heads.map((h) => [h.stream, h.revision])).toEqual([
      ['a', 2n],
      ['b', 1n],
    ]);
  });

  it('names the altered event, with the hash its content has and the hash it claims', () => {
    const events = chained({ a: 3, b: 2 });
    const altered = events.find((e) => e.stream === 'a' && e.revision === 1n)!;
    (altered.data as { target: number }).target = 99;

    const result = verifyChain(events);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.firstBreak).toMatchObject({
      stream: 'a',
      revision: 1n,
      position: altered.position,
      reason: 'hash-mismatch',
      found: altered.metadata!['hash'],
    });
    expect(result.firstBreak.expected).toMatch(/^[0-9a-f]{64}$/);
    expect(result.firstBreak.expected).not.toBe(result.firstBreak.found);
    expect(result.firstBreak.message).toContain('stream "a" revision 1');
  });

  it('catches a rewrite that also recomputed the hash at the next link', () => {
    const events = chained({ a: 3 });
    const altered = events[1]!;
    (altered.data as { target: number }).target = 99;
    const prevHash = altered.metadata!['prevHash'] as string;
    altered.metadata!['hash'] = chainHash({ stream: 'a', type: altered.type, data: altered.data, metadata: altered.metadata!, prevHash });

    const result = verifyChain(events);
    expect(!result.ok && result.firstBreak).toMatchObject({ revision: 2n, reason: 'prev-hash-mismatch', expected: altered.metadata!['hash'] });
  });

  it('catches a deleted event as a revision gap', () => {
    const events = chained({ a: 3 }).filter((e) => e.revision !== 1n);
    expect(verifyChain(events)).toMatchObject({ ok: false, firstBreak: { stream: 'a', revision: 2n, reason: 'revision-gap', expected: '1', found: '2' } });
  });

  it('catches an event the ledger did not write', () => {
    const events = chained({ a: 1 });
    events.push({ stream: 'a', revision: 1n, position: 99n, recordedAt: new Date(0), type: 'TargetRevised', data: {} });
    expect(verifyChain(events)).toMatchObject({ ok: false, firstBreak: { revision: 1n, reason: 'unchained' } });
  });

  it('catches a truncated tail only against an anchor published before', () => {
    const events = chained({ a: 3 });
    const full = verifyChain(events);
    const anchors = full.ok ? full.heads : [];
    const truncated = events.slice(0, 2);

    expect(verifyChain(truncated)).toMatchObject({ ok: true });
    expect(verifyChain(truncated, anchors)).toMatchObject({
      ok: false,
      firstBreak: { stream: 'a', revision: 2n, reason: 'anchor-mismatch', found: 'missing: the stream ends at revision 1', position: null },
    });
    expect(verifyChain(events, anchors)).toMatchObject({ ok: true });
    // The break is in the published answer's shape: no member of the anchor beyond the break's own
    const broken = verifyChain(truncated, anchors);
    expect(broken.ok ? [] : Object.keys(broken.firstBreak).sort()).toEqual(['expected', 'found', 'message', 'position', 'reason', 'revision', 'stream']);
  });
});
