import { generateKeyPairSync } from 'node:crypto';
import { LedgerError } from '../ledger.errors';
import { generateHeadsKeyPair, parseSigningKey, parseVerifyKeys } from './heads-keys';
import { signHeads, verifySignedHeads } from './signed-heads';
import { SignedHeadsCollection } from './signed-heads-collection';

const heads = [
  { stream: 'scorecard:dga-fy2564:B', revision: 4n, hash: 'b'.repeat(64) },
  { stream: 'kpi:dga-fy2564:A1', revision: 2n, hash: 'a'.repeat(64) },
];
const at = new Date('2026-11-29T12:00:00.000Z');

/** A key pair as the publisher's and the auditors' settings. */
function keyPair(keyId: string) {
  const { signingKey, verifyKey } = generateHeadsKeyPair(keyId);
  return { signer: parseSigningKey(signingKey), verifyKey };
}

describe(verifySignedHeads.name, () => {
  const { signer, verifyKey } = keyPair('ledger-2026');
  const keys = parseVerifyKeys(verifyKey);

  it('accepts heads signed with a known key and gives them back as anchors', () => {
    const document = signHeads(heads, signer, at);
    expect(document.streams.map((head) => head.stream)).toEqual(['kpi:dga-fy2564:A1', 'scorecard:dga-fy2564:B']);
    expect(verifySignedHeads(JSON.parse(JSON.stringify(document)), keys)).toEqual({
      ok: true,
      heads: [heads[1], heads[0]],
      at: at.toISOString(),
      keyId: 'ledger-2026',
    });
  });

  it('refuses a document whose heads were altered after signing: a rewritten revision or hash', () => {
    const document = signHeads(heads, signer, at);
    const rewound = { ...document, streams: document.streams.map((head) => ({ ...head, revision: '1' })) };
    const rehashed = { ...document, streams: document.streams.map((head) => ({ ...head, hash: 'c'.repeat(64) })) };
    expect(verifySignedHeads(rewound, keys)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verifySignedHeads(rehashed, keys)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verifySignedHeads({ ...document, at: '2026-11-30T00:00:00.000Z' }, keys)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a signature made by another key under a known key id: a forgery', () => {
    const forger = { keyId: 'ledger-2026', privateKey: generateKeyPairSync('ed25519').privateKey };
    expect(verifySignedHeads(signHeads(heads, forger, at), keys)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
      message: expect.stringContaining('forged'),
    });
  });

  it('refuses a key id the auditors do not hold, naming it', () => {
    const other = keyPair('somebody-else');
    expect(verifySignedHeads(signHeads(heads, other.signer, at), keys)).toEqual({
      ok: false,
      reason: 'unknown-key',
      message: expect.stringContaining('"somebody-else"'),
    });
  });

  it('refuses an unsigned or malformed document', () => {
    const { signature: _dropped, ...unsigned } = signHeads(heads, signer, at);
    expect(verifySignedHeads(unsigned, keys)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifySignedHeads('not json at all', keys)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('checks heads signed before and after a rotation while both public keys are listed', () => {
    const next = keyPair('ledger-2027');
    const rotated = parseVerifyKeys(`${verifyKey}, ${next.verifyKey}`);
    expect(verifySignedHeads(signHeads(heads, signer, at), rotated)).toMatchObject({ ok: true, keyId: 'ledger-2026' });
    expect(verifySignedHeads(signHeads(heads, next.signer, at), rotated)).toMatchObject({ ok: true, keyId: 'ledger-2027' });
    // Once the old key is retired from the list, what it signed is no longer trusted.
    expect(verifySignedHeads(signHeads(heads, signer, at), parseVerifyKeys(next.verifyKey))).toMatchObject({ ok: false, reason: 'unknown-key' });
  });

  it('reads keys as PEM too, as `openssl genpkey -algorithm ed25519` writes them', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pemSigner = parseSigningKey(`pem-key=${privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()}`);
    const pemKeys = parseVerifyKeys(`pem-key=${publicKey.export({ format: 'pem', type: 'spki' }).toString()}`);
    expect(verifySignedHeads(signHeads(heads, pemSigner, at), pemKeys)).toMatchObject({ ok: true });
  });
});

describe('heads key settings', () => {
  it('refuses what is not an Ed25519 key, naming the setting', () => {
    expect(() => parseVerifyKeys('k=bm90IGEga2V5')).toThrow(LedgerError);
    expect(() => parseVerifyKeys('k=bm90IGEga2V5')).toThrow(/LEDGER_VERIFY_KEYS: not a readable Ed25519 public key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(() => parseVerifyKeys(`k=${rsa}`)).toThrow(/an Ed25519 key is required, got rsa/);
    expect(() => parseSigningKey('no-key-id')).toThrow(/expected keyId=KEY/);
    expect(() => parseVerifyKeys(`${generateHeadsKeyPair('a').verifyKey},${generateHeadsKeyPair('a').verifyKey}`)).toThrow(/"a" is given twice/);
  });
});

describe(SignedHeadsCollection.name, () => {
  it('anchors the heads of every trusted document, newest named, and reports refused ones without trusting them', () => {
    const { signer, verifyKey } = keyPair('k1');
    const collection = new SignedHeadsCollection(parseVerifyKeys(verifyKey));
    const later = [{ stream: 'kpi:dga-fy2564:A1', revision: 3n, hash: 'd'.repeat(64) }];
    collection.accept(signHeads(heads, signer, at), 'heads.ndjson:1');
    collection.accept(signHeads(later, signer, new Date('2026-11-29T12:01:00.000Z')), 'heads.ndjson:2');
    collection.accept({ ...signHeads(later, signer, at), streams: [{ stream: 'kpi:dga-fy2564:A1', revision: '3', hash: 'e'.repeat(64) }] }, 'heads.ndjson:3');

    expect(collection.anchors()).toEqual(expect.arrayContaining([...heads, ...later]));
    expect(collection.anchors()).toHaveLength(3);
    expect(collection.check()).toEqual({
      trusted: 2,
      newest: { at: '2026-11-29T12:01:00.000Z', keyId: 'k1' },
      anchors: 3,
      rejected: [{ reason: 'bad-signature', source: 'heads.ndjson:3', message: expect.any(String) }],
      rejectedCount: 1,
    });
  });
});

describe('SignedHeadsCollection over a restarted publisher', () => {
  it('keeps the first signed hash of a revision, so heads signed after a rewrite do not launder it', () => {
    const { signer, verifyKey } = keyPair('k1');
    const collection = new SignedHeadsCollection(parseVerifyKeys(verifyKey));
    const original = { stream: 'kpi:dga-fy2564:A1', revision: 2n, hash: 'a'.repeat(64) };
    collection.accept(signHeads([original], signer, at), 'topic 0:0');
    collection.accept(signHeads([{ ...original, hash: 'f'.repeat(64) }], signer, new Date('2026-11-29T13:00:00.000Z')), 'topic 0:1');
    expect(collection.anchors()).toEqual([original]);
  });
});
