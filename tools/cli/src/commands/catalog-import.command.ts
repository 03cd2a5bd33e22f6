import { Command } from '@commander-js/extra-typings';
import { parseCatalog } from '@govmetrics/scoring';
import { existsSync, readFileSync } from 'node:fs';
import type { OptionsOf } from '../command';
import { exitsWith } from '../command';
import { byOption, gatewayOption, postStewardChange, reasonOption, tokenFileOption } from '../stewards/steward-gateway';
import { dayOption } from '../stewards/steward-options';

const definition = () =>
  new Command('catalog-import')
    .description(
      "stewards: record a KPI catalog file (and its attested values) in the governance ledger, through the gateway as the token's " +
        'subject; idempotent: importing the same file again records nothing, a changed target is recorded as a TargetRevised',
    )
    .requiredOption('--catalog <file>', 'the catalog, YAML')
    .option('--attested <file>', 'its attested values (default: CATALOG.attested.yaml beside it, if there is one)')
    .addOption(reasonOption())
    .option('--effective <day>', "YYYY-MM-DD (default: the first day of the catalog's period)")
    .addOption(gatewayOption())
    .addOption(tokenFileOption())
    .addOption(byOption());

async function catalogImport(values: OptionsOf<typeof definition>): Promise<number> {
  const text = readFileSync(values.catalog, 'utf8');
  // Parsed here too, so that a broken file is named before anything is sent, and the answer can name the catalog.
  const catalog = parseCatalog(text, values.catalog);
  const attestedFile = values.attested ?? values.catalog.replace(/\.ya?ml$/, '.attested.yaml');
  if (values.attested && !existsSync(values.attested)) throw new Error(`--attested ${values.attested}: no such file`);
  const body = {
    catalog: text,
    ...(existsSync(attestedFile) ? { attested: readFileSync(attestedFile, 'utf8') } : {}),
    ...(values.effective === undefined ? {} : { effective: dayOption('effective', values.effective) }),
    reason: values.reason,
  };
  const outcome = await postStewardChange(values, 'v1/catalog/import', body);
  if (!('recorded' in outcome)) throw new Error(`the gateway answered a catalog import with a stale version: ${outcome.stale.message}`);
  const { recorded, who } = outcome.recorded;
  console.log(
    recorded === 0
      ? `catalog ${catalog.id}: the ledger already says everything ${values.catalog} states; nothing recorded`
      : `catalog ${catalog.id}: ${recorded} events recorded, by ${who}`,
  );
  return 0;
}

export const catalogImportCommand = () => definition().action(exitsWith(catalogImport));
