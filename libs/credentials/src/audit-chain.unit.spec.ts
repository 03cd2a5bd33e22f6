import { auditHash, type CredentialAuditRecord, GENESIS_HASH, verifyAuditChain } from './audit-chain';

/** A chain of `count` records, each linked to the one before. */
function chain(count: number): CredentialAuditRecord[] {
  const records: CredentialAuditRecord[] = [];
  for (let seq = 1; seq <= count; seq += 1) {
    const unhashed = {
      seq,
      at: new Date(Date.UTC(2026, 10, 30, 1, seq)),
      action: seq % 2 === 1 ? ('issued' as const) : ('revoked' as const),
      credentialId: `00000000-0000-4000-8000-00000000000${seq}`,
      kind: 'api_key' as const,
      who: 'dev-admin',
      why: `change ${seq}`,
      grant: seq % 2 === 1 ? '{"platform":"gdx"}' : '{}',
      prevHash: records.at(-1)?.hash ?? GENESIS_HASH,
    };
    records.push({ ...unhashed, hash: auditHash(unhashed) });
  }
  return records;
}

describe(verifyAuditChain.name, () => {
  it('accepts an intact chain and names its head', () => {
    const records = chain(4);
    expect(verifyAuditChain(records)).toEqual({ ok: true, records: 4, head: records[3]?.hash });
  });

  it('names an altered record, even when only who changed', () => {
    const records = chain(3);
    records[1] = { ...(records[1] as CredentialAuditRecord), who: 'someone-else' };
    expect(verifyAuditChain(records)).toMatchObject({ ok: false, seq: 2, reason: expect.stringContaining('altered') as unknown });
  });

  it('names the record after one removed from the middle', () => {
    const records = chain(3);
    expect(verifyAuditChain([records[0], records[2]] as CredentialAuditRecord[])).toMatchObject({ ok: false, seq: 3 });
  });

  it('catches a rewritten record whose own hash was recomputed: the next link no longer matches', () => {
    const records = chain(3);
    const rewritten = { ...(records[1] as CredentialAuditRecord), why: 'a nicer reason' };
    records[1] = { ...rewritten, hash: auditHash(rewritten) };
    expect(verifyAuditChain(records)).toMatchObject({ ok: false, seq: 3, reason: expect.stringContaining('prevHash') as unknown });
  });
});
