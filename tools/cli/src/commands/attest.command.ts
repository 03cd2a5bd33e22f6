import { Command } from '@commander-js/extra-typings';
import { WrongExpectedVersionError } from '@govmetrics/event-store';
import { catalogInForce, decideAttestation } from '@govmetrics/ledger';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { OptionsOf } from '../command';
import { exitsWith } from '../command';
import { byOption, catalogIdOption, dayOption, governance, ledgerOption, reasonOption, reportConflict, versionOption, withLedger } from '../ledger/cli-ledger';

const definition = () =>
  new Command('attest')
    .description('record a value a person vouches for (survey, PMQA score, revenue) in the ledger, with its evidence')
    .requiredOption('--id <attested-id>', 'an `attested.id` the catalog scores')
    .requiredOption('--value <n>', 'the attested value, a number')
    .requiredOption('--effective <day>', 'YYYY-MM-DD: the value counts from this day on')
    .requiredOption('--evidence <reference>', 'where the evidence is (a letter, a report)')
    .option('--evidence-file <file>', 'records the SHA-256 of the evidence document, so a swapped file is noticed')
    .option('--unit <unit>', 'the unit of the value')
    .addOption(byOption())
    .addOption(reasonOption())
    .option('--expected-version <n>', "the attested value's stream version you read (default: any)")
    .addOption(catalogIdOption())
    .addOption(ledgerOption());

function attest(values: OptionsOf<typeof definition>): Promise<number> {
  const value = Number(values.value);
  if (values.value.trim() === '' || !Number.isFinite(value)) throw new Error(`--value must be a number; got "${values.value}"`);
  const effective = dayOption('effective', values.effective);
  const context = governance(values);
  const expected = values.expectedVersion === undefined ? 'any' : versionOption(values.expectedVersion);
  const sha256 = values.evidenceFile ? createHash('sha256').update(readFileSync(values.evidenceFile)).digest('hex') : undefined;
  const attestedId = values.id;
  const evidence = { reference: values.evidence, ...(sha256 ? { sha256 } : {}) };

  return withLedger(values.ledger, async (ledger) => {
    const entries = await ledger.readAll();
    const { catalog, version } = catalogInForce(entries, { day: effective, catalogId: values.catalogId });
    const { catalogId } = version;
    const decision = decideAttestation({ catalogId, attestedId, value, effective, ...(values.unit ? { unit: values.unit } : {}), evidence }, catalog);
    if (!decision.ok) throw decision.error;
    const { stream, event } = decision;
    try {
      const { nextRevision } = await ledger.record(stream, event, context, expected);
      console.log(
        `${stream} is now at version ${nextRevision}: ${attestedId} = ${value} from ${effective}, ` +
          `by ${context.who}: ${context.why} (evidence ${values.evidence}${sha256 ? `, sha256 ${sha256}` : ''})`,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      return reportConflict(error, attestedId);
    }
  });
}

export const attestCommand = () => definition().action(exitsWith(attest));
