import type { CatalogEntry, StreamHead } from '@govmetrics/ledger';
import { canonicalJson, catalogChange, catalogHistory, catalogIdOf, effectiveDay, ledgerStreams, verificationAnswer, verifyLedger } from '@govmetrics/ledger';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';
import { LEDGER_OPTION_HELP, withLedger } from '../ledger/cli-ledger';
import { reportAgainstSignedHeads, SIGNED_HEADS_OPTION_HELP, signedHeadsFrom } from '../ledger/signed-heads-source';

const USAGE = [
  'usage: npm run -s cli -- ledger verify [--anchors HEADS.json | --heads FILE | --heads-topic TOPIC] [--verify-keys id=KEY,…] [--json] [--ledger URL]',
  '       npm run -s cli -- ledger history [INDICATOR_ID] [--catalog-id ID] [--json] [--ledger URL]',
  '  verify: checks every stream\'s hash chain, prints each stream\'s head, exits 1 naming the first broken link;',
  '          --anchors takes the heads a verify --json printed earlier, so a deleted or rewritten tail is caught too',
  '  history: every catalog change (definitions, targets, attested values) with who, when, from which day, and why',
  `  ${SIGNED_HEADS_OPTION_HELP}`,
  `  ${LEDGER_OPTION_HELP}`,
].join('\n');

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
      return `ValueAttested ${entry.data.value}${entry.data.unit ? ` ${entry.data.unit}` : ''} (evidence: ${entry.data.evidence.reference}${entry.data.evidence.sha256 ? `, sha256 ${entry.data.evidence.sha256}` : ''})`;
  }
}

export const ledgerCommand: CliCommand = {
  name: 'ledger',
  summary: 'auditors: `ledger verify` checks the hash chains; `ledger history [ID]` lists catalog changes with who, when, why',
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { anchors: { type: 'string' }, heads: { type: 'string' }, 'heads-topic': { type: 'string' }, 'verify-keys': { type: 'string' }, json: { type: 'boolean' }, 'catalog-id': { type: 'string' }, ledger: { type: 'string' } },
    });
    const [action, indicatorId, ...rest] = positionals;
    if ((action !== 'verify' && action !== 'history') || rest.length > 0 || (action === 'verify' && indicatorId !== undefined)) {
      console.error(USAGE);
      return 2;
    }
    if (action === 'verify') {
      const signed = await signedHeadsFrom(values);
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
          console.log(`ledger intact: ${verdict.checked} events on ${verdict.heads.length} hash chains${anchors.length ? `, ${anchors.length} anchors matched` : ''}`);
        }
        return 0;
      });
    }
    return withLedger(values.ledger, async (ledger) => {
      const entries = await ledger.readAll();
      const catalogId = catalogIdOf(entries, values['catalog-id']);
      const changes = catalogHistory(entries, catalogId, indicatorId);
      if (values.json) {
        console.log(JSON.stringify(changes.map(catalogChange), null, 2));
        return 0;
      }
      for (const entry of changes) {
        console.log(`${entry.metadata.when}  ${entry.stream} v${entry.revision}  ${change(entry)} from ${effectiveDay(entry)}  by ${entry.metadata.who}: ${entry.metadata.why}`);
      }
      if (indicatorId !== undefined) console.log(`${ledgerStreams.indicator(catalogId, indicatorId)} is at version ${changes.at(-1)!.revision}: revise it with --expected-version ${changes.at(-1)!.revision}`);
      return 0;
    });
  },
};
