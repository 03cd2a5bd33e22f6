import { Command } from '@commander-js/extra-typings';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { OptionsOf } from '../command';
import { exitsWith } from '../command';
import { catalogIdOption } from '../ledger/cli-ledger';
import { byOption, gatewayOption, postStewardChange, reasonOption, tokenFileOption } from '../stewards/steward-gateway';
import { dayOption, reportConflict, versionOption } from '../stewards/steward-options';

const definition = () =>
  new Command('attest')
    .description("stewards: record a value a person vouches for (survey, PMQA score, revenue) with its evidence, through the gateway as the token's subject")
    .requiredOption('--id <attested-id>', 'an `attested.id` the catalog scores')
    .requiredOption('--value <n>', 'the attested value, a number')
    .requiredOption('--effective <day>', 'YYYY-MM-DD: the value counts from this day on')
    .requiredOption('--evidence <reference>', 'where the evidence is (a letter, a report)')
    .option('--evidence-file <file>', 'records the SHA-256 of the evidence document, so a swapped file is noticed')
    .option('--unit <unit>', 'the unit of the value')
    .addOption(reasonOption())
    .option('--expected-version <n>', "the attested value's stream version you read (default: any)")
    .addOption(catalogIdOption())
    .addOption(gatewayOption())
    .addOption(tokenFileOption())
    .addOption(byOption());

async function attest(values: OptionsOf<typeof definition>): Promise<number> {
  const value = Number(values.value);
  if (values.value.trim() === '' || !Number.isFinite(value)) throw new Error(`--value must be a number; got "${values.value}"`);
  const effective = dayOption('effective', values.effective);
  const expectedVersion = values.expectedVersion === undefined ? undefined : versionOption(values.expectedVersion);
  const sha256 = values.evidenceFile ? createHash('sha256').update(readFileSync(values.evidenceFile)).digest('hex') : undefined;
  const body = {
    id: values.id,
    value,
    effective,
    evidence: { reference: values.evidence, ...(sha256 ? { sha256 } : {}) },
    reason: values.reason,
    ...(values.unit ? { unit: values.unit } : {}),
    ...(expectedVersion === undefined ? {} : { expectedVersion }),
    ...(values.catalogId ? { catalogId: values.catalogId } : {}),
  };
  const outcome = await postStewardChange(values, 'v1/attestations', body);
  if ('stale' in outcome) return reportConflict(outcome.stale, expectedVersion ?? 'any', values.id);
  const { stream, version, who } = outcome.recorded;
  console.log(
    `${stream} is now at version ${version}: ${values.id} = ${value} from ${effective}, by ${who}: ${values.reason} ` +
      `(evidence ${values.evidence}${sha256 ? `, sha256 ${sha256}` : ''})`,
  );
  return 0;
}

export const attestCommand = () => definition().action(exitsWith(attest));
