import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { LedgerError } from '../ledger.errors';

/** DER prefixes that turn a raw 32-byte Ed25519 seed or public key into PKCS#8 and SPKI (RFC 8410). */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** A key the heads are signed with: only the publisher holds it (`LEDGER_SIGNING_KEY=keyId=…`). */
export interface HeadsSigningKey {
  keyId: string;
  privateKey: KeyObject;
}

/** The public keys auditors check heads with, by key id (`LEDGER_VERIFY_KEYS=id1=…,id2=…`): old ids stay while their heads are kept. */
export type HeadsVerifyKeys = ReadonlyMap<string, KeyObject>;

const invalid = (message: string, cause?: unknown) => new LedgerError('INVALID_SIGNING_KEY', message, { cause });

function entries(setting: string, name: string): [string, string][] {
  return setting
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf('=');
      if (at <= 0) throw invalid(`${name}: expected keyId=KEY, got an entry without a key id`);
      return [entry.slice(0, at).trim(), entry.slice(at + 1).trim()];
    });
}

function ed25519(key: KeyObject, name: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw invalid(`${name}: an Ed25519 key is required, got ${key.asymmetricKeyType ?? 'a symmetric key'}`);
  return key;
}

/** PEM, base64 of a raw 32-byte key, or base64 of DER. */
function keyObject(material: string, kind: 'private' | 'public', name: string): KeyObject {
  try {
    if (material.includes('-----BEGIN')) return ed25519(kind === 'private' ? createPrivateKey(material) : createPublicKey(material), name);
    const der = Buffer.from(material, 'base64');
    const prefix = kind === 'private' ? PKCS8_ED25519_PREFIX : SPKI_ED25519_PREFIX;
    const full = der.length === 32 ? Buffer.concat([prefix, der]) : der;
    return ed25519(
      kind === 'private' ? createPrivateKey({ key: full, format: 'der', type: 'pkcs8' }) : createPublicKey({ key: full, format: 'der', type: 'spki' }),
      name,
    );
  } catch (error) {
    throw error instanceof LedgerError ? error : invalid(`${name}: not a readable Ed25519 ${kind} key (PEM, or base64 of 32 raw bytes or DER)`, error);
  }
}

/** `LEDGER_SIGNING_KEY`: `keyId=KEY`, one key. */
export function parseSigningKey(setting: string, name = 'LEDGER_SIGNING_KEY'): HeadsSigningKey {
  const found = entries(setting, name);
  if (found.length !== 1) throw invalid(`${name}: expected exactly one keyId=KEY, got ${found.length}`);
  const [keyId, material] = found[0]!;
  return { keyId, privateKey: keyObject(material, 'private', name) };
}

/** `LEDGER_VERIFY_KEYS`: `keyId=KEY` entries separated by commas. */
export function parseVerifyKeys(setting: string, name = 'LEDGER_VERIFY_KEYS'): HeadsVerifyKeys {
  const keys = new Map<string, KeyObject>();
  for (const [keyId, material] of entries(setting, name)) {
    if (keys.has(keyId)) throw invalid(`${name}: key id "${keyId}" is given twice`);
    keys.set(keyId, keyObject(material, 'public', name));
  }
  if (keys.size === 0) throw invalid(`${name}: no keys given`);
  return keys;
}

/** A new key pair as the two settings, raw keys in base64 (`ledger keygen`). */
export function generateHeadsKeyPair(keyId: string): { signingKey: string; verifyKey: string } {
  if (!/^[A-Za-z0-9._-]+$/.test(keyId)) throw invalid(`key id "${keyId}": use letters, digits, dot, dash, underscore`);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = (der: Buffer, prefix: Buffer) => der.subarray(prefix.length).toString('base64');
  return {
    signingKey: `${keyId}=${raw(privateKey.export({ format: 'der', type: 'pkcs8' }), PKCS8_ED25519_PREFIX)}`,
    verifyKey: `${keyId}=${raw(publicKey.export({ format: 'der', type: 'spki' }), SPKI_ED25519_PREFIX)}`,
  };
}
