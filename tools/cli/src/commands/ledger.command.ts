import { Command } from '@commander-js/extra-typings';
import type { CatalogEntry, StreamHead } from '@govmetrics/ledger';
import { canonicalJson, catalogChange, catalogHistory, catalogIdOf, effectiveDay, ledgerStreams, verificationAnswer, verifyLedger } from '@govmetrics/ledger';
import { readFileSync } from 'node:fs';
import type { OptionsOf } from '../command';
import { exitsWith } from '../command';
import { catalogIdOption, ledgerOption, withLedger } from '../ledger/cli-ledger';
import { reportAgainstSignedHeads, signedHeadsFrom } from '../ledger/signed-heads-source';

const verifyDefinition = () =>
  new Command('verify')
    .description("check every stream's hash chain and print each stream's head; exits 1 naming the first broken link")
    .option('--anchors <heads.json>', 'the heads a `ledger verify --json` printed earlier, so a deleted or rewritten tail is caught too')
    .option('--heads <file>', 'the signed heads the scoring service appended (LEDGER_HEADS_FILE, NDJSON): each trusted one is an anchor')
    .option('--heads-topic <topic>', 'read the signed heads from Kafka (ledger.heads.v1) instead')
    .option(
      '--verify-keys <id=KEY,…>',
      'the public keys that check the signed heads (default LEDGER_VERIFY_KEYS); a document no key checks is reported, never trusted',
    )
    .option('--json', 'print the answer as JSON (the heads to keep as anchors)')
    .addOption(ledgerOption());

const historyDefinition = () =>
  new Command('history')
    .description('every catalog change (definitions, targets, attested values) with who, when, from which day, and why')
    .argument('[indicator-id]', "only this indicator's changes, ending with the version to revise it against")
    .addOption(catalogIdOption())
    .option('--json', 'print the changes as JSON')
    .addOption(ledgerOption());

function readAnchors(file: string): StreamHead[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { heads?: { stream: string; revision: string; hash: string }[] };
  if (!Array.isArray(parsed.heads)) throw new Error(`--anchors ${file}: expected the JSON a \`ledger verify --json\` printed, with "heads"`);
  return parsed.heads.map((head) => ({ stream: head.stream, revision: BigInt(head.revision), hash: head.hash }));
}

/** What one catalog change said, in a line. */
function change(entry: CatalogEntry): string {
  switch (entry.type) {
    case 'CatalogDefined':
      return `CatalogDefined "${entry.data.name}"`;
    case 'KpiDefined':
      return `KpiDefined "${entry.data.name}"`;
    case 'TargetRevised':
      return `TargetRevised ${entry.data.period} target ${canonicalJson(entry.data.target)}`;
    case 'ValueAttested':
      return (
        `ValueAttested ${entry.data.value}${entry.data.unit ? ` ${entry.data.unit}` : ''} ` +
        `(evidence: ${entry.data.evidence.reference}${entry.data.evidence.sha256 ? `, sha256 ${entry.data.evidence.sha256}` : ''})`
      );
  }
}

async function verify(values: OptionsOf<typeof verifyDefinition>): Promise<number> {
  const signed = await signedHeadsFrom({ heads: values.heads, 'heads-topic': values.headsTopic, 'verify-keys': values.verifyKeys });
  const anchors = [...(values.anchors ? readAnchors(values.anchors) : []), ...(signed?.anchors() ?? [])];
  return withLedger(values.ledger, async (_ledger, store) => {
    const verdict = await verifyLedger(store, { anchors });
    if (signed) return reportAgainstSignedHeads(verdict, signed, values.json ?? false);
    if (values.json) console.log(JSON.stringify(verificationAnswer(verdict), null, 2));
    if (!verdict.ok) {
      console.error(`ledger BROKEN after ${verdict.checked} intact events: first broken link at ${verdict.firstBreak.message}`);
      return 1;
    }
    if (!values.json) {
      for (const head of verdict.heads) console.log(`${head.stream}@${head.revision} ${head.hash}`);
      console.log(
        `ledger intact: ${verdict.checked} events on ${verdict.heads.length} hash chains${anchors.length ? `, ${anchors.length} anchors matched` : ''}`,
      );
    }
    return 0;
  });
}

function history(indicatorId: string | undefined, values: OptionsOf<typeof historyDefinition>): Promise<number> {
  return withLedger(values.ledger, async (ledger) => {
    const entries = await ledger.readAll();
    const catalogId = catalogIdOf(entries, values.catalogId);
    const changes = catalogHistory(entries, catalogId, indicatorId);
    if (values.json) {
      console.log(JSON.stringify(changes.map(catalogChange), null, 2));
      return 0;
    }
    for (const entry of changes) {
      console.log(
        `${entry.metadata.when}  ${entry.stream} v${entry.revision}  ${change(entry)} ` +
          `from ${effectiveDay(entry)}  by ${entry.metadata.who}: ${entry.metadata.why}`,
      );
    }
    if (indicatorId !== undefined)
      console.log(
        `${ledgerStreams.indicator(catalogId, indicatorId)} is at version ${changes.at(-1)!.revision}` +
          `: revise it with --expected-version ${changes.at(-1)!.revision}`,
      );
    return 0;
  });
}

export const ledgerCommand = () =>
  new Command('ledger')
    .description(
      'auditors: `ledger verify` checks the hash chains; `ledger history [ID]` lists catalog changes with who, when, why. Both read the ' +
        "ledger's database directly (--ledger, LEDGER_DATABASE_URL: the reader's credentials suffice), for an offline audit with no gateway; " +
        'online, the gateway answers the same as GET /v1/ledger/verify and /v1/ledger/history to an auditor token',
    )
    .addCommand(verifyDefinition().action(exitsWith(verify)))
    .addCommand(historyDefinition().action(exitsWith(history)));
