import { createKafka, KafkaConfigSchema, replayTopic } from '@govmetrics/kafka';
import type { LedgerVerification } from '@govmetrics/ledger';
import { parseVerifyKeys, SignedHeadsCollection, verificationAnswer } from '@govmetrics/ledger';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface SignedHeadsOptions {
  heads?: string | undefined;
  'heads-topic'?: string | undefined;
  'verify-keys'?: string | undefined;
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return line;
  }
}

async function fromTopic(collection: SignedHeadsCollection, topic: string): Promise<void> {
  const kafka = createKafka(KafkaConfigSchema.parse(process.env));
  await replayTopic(kafka, topic, `ledger-verify-${randomBytes(6).toString('hex')}`, (batch) => {
    for (const message of batch.messages) collection.accept(parseLine(message.value?.toString() ?? ''), `${topic} ${batch.partition}:${message.offset}`);
    return Promise.resolve();
  });
}

/** Every published signed heads document from the file or topic named, each checked; `undefined` when none was named. */
export async function signedHeadsFrom(options: SignedHeadsOptions): Promise<SignedHeadsCollection | undefined> {
  const { heads: file, 'heads-topic': topic } = options;
  if (file === undefined && topic === undefined) return undefined;
  const keys = options['verify-keys'] ?? process.env['LEDGER_VERIFY_KEYS'];
  if (!keys) throw new Error('checking signed heads needs the public keys: --verify-keys id=KEY,… or LEDGER_VERIFY_KEYS');
  const collection = new SignedHeadsCollection(parseVerifyKeys(keys, options['verify-keys'] ? '--verify-keys' : 'LEDGER_VERIFY_KEYS'));
  if (file !== undefined) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => line.trim() && collection.accept(parseLine(line), `${file}:${i + 1}`));
  }
  if (topic !== undefined) await fromTopic(collection, topic);
  return collection;
}

/**
 * Prints a verification against signed heads and gives the exit code: 1 when the chain or an anchor broke, when no
 * published document could be trusted, or when one was refused (a forged or unsigned document where auditors keep them).
 */
export function reportAgainstSignedHeads(verdict: LedgerVerification, signed: SignedHeadsCollection, json: boolean): number {
  const check = signed.check();
  if (json) console.log(JSON.stringify(verificationAnswer(verdict, check), null, 2));
  for (const refused of check.rejected) console.error(`signed heads REFUSED (${refused.reason}) at ${refused.source}: ${refused.message}`);
  if (check.rejectedCount > check.rejected.length) console.error(`… and ${check.rejectedCount - check.rejected.length} more refused`);
  if (!verdict.ok) {
    console.error(`ledger BROKEN after ${verdict.checked} intact events: first broken link at ${verdict.firstBreak.message}`);
    return 1;
  }
  if (check.trusted === 0) {
    console.error("no signed heads document passed its check: the ledger's chains hold, but nothing vouches for their tails");
    return 1;
  }
  if (!json)
    console.log(
      `ledger intact against ${check.trusted} signed heads documents ` +
        `(${check.anchors} stream heads, newest ${check.newest!.at} by key ${check.newest!.keyId})` +
        `: ${verdict.checked} events on ${verdict.heads.length} hash chains`,
    );
  return check.rejectedCount > 0 ? 1 : 0;
}
