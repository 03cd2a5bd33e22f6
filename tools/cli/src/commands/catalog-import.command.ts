import { Command } from '@commander-js/extra-typings';
import { importCatalog } from '@govmetrics/ledger';
import { parseAttestations, parseCatalog } from '@govmetrics/scoring';
import { existsSync, readFileSync } from 'node:fs';
import type { OptionsOf } from '../command';
import { exitsWith } from '../command';
import { byOption, dayOption, governance, ledgerOption, reasonOption, withLedger } from '../ledger/cli-ledger';

const definition = () =>
  new Command('catalog-import')
    .description(
      'record a KPI catalog file (and its attested values) in the governance ledger; idempotent: importing the same file again ' +
        'records nothing, a changed target is recorded as a TargetRevised by WHO because WHY',
    )
    .requiredOption('--catalog <file>', 'the catalog, YAML')
    .option('--attested <file>', 'its attested values (default: CATALOG.attested.yaml beside it, if there is one)')
    .addOption(byOption())
    .addOption(reasonOption())
    .option('--effective <day>', "YYYY-MM-DD (default: the first day of the catalog's period)")
    .addOption(ledgerOption());

async function catalogImport(values: OptionsOf<typeof definition>): Promise<number> {
  const importer = governance(values);
  const catalog = parseCatalog(readFileSync(values.catalog, 'utf8'), values.catalog);
  const attestedFile = values.attested ?? values.catalog.replace(/\.ya?ml$/, '.attested.yaml');
  if (values.attested && !existsSync(values.attested)) throw new Error(`--attested ${values.attested}: no such file`);
  const attestations = existsSync(attestedFile) ? parseAttestations(readFileSync(attestedFile, 'utf8'), attestedFile).attestations : [];
  const effective = values.effective === undefined ? undefined : dayOption('effective', values.effective);
  const recorded = await withLedger(values.ledger, (ledger) => importCatalog(ledger, catalog, attestations, importer, effective));
  console.log(
    recorded === 0
      ? `catalog ${catalog.id}: the ledger already says everything ${values.catalog} states; nothing recorded`
      : `catalog ${catalog.id}: ${recorded} events recorded`,
  );
  return 0;
}

export const catalogImportCommand = () => definition().action(exitsWith(catalogImport));
