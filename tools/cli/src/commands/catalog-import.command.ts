import { importCatalog } from '@govmetrics/ledger';
import { parseAttestations, parseCatalog } from '@govmetrics/scoring';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';
import { dayOption, governance, LEDGER_OPTION_HELP, withLedger } from '../ledger/cli-ledger';

const USAGE = [
  'usage: npm run -s cli -- catalog-import --catalog FILE.yaml --by WHO --reason WHY [--attested FILE.yaml] [--effective YYYY-MM-DD] [--ledger URL]',
  '  records what the file states and the ledger does not yet say: importing the same file again records nothing,',
  '  a changed target is recorded as a TargetRevised by WHO because WHY; --effective defaults to the first day of the catalog\'s period',
  `  ${LEDGER_OPTION_HELP}`,
].join('\n');

export const catalogImportCommand: CliCommand = {
  name: 'catalog-import',
  summary: 'record a KPI catalog file (and its attested values) in the governance ledger; idempotent',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { catalog: { type: 'string' }, attested: { type: 'string' }, by: { type: 'string' }, reason: { type: 'string' }, effective: { type: 'string' }, ledger: { type: 'string' } },
    });
    if (!values.catalog) {
      console.error(USAGE);
      return 2;
    }
    const importer = governance(values);
    const catalog = parseCatalog(readFileSync(values.catalog, 'utf8'), values.catalog);
    const attestedFile = values.attested ?? values.catalog.replace(/\.ya?ml$/, '.attested.yaml');
    if (values.attested && !existsSync(values.attested)) throw new Error(`--attested ${values.attested}: no such file`);
    const attestations = existsSync(attestedFile) ? parseAttestations(readFileSync(attestedFile, 'utf8'), attestedFile).attestations : [];
    const effective = values.effective === undefined ? undefined : dayOption('effective', values.effective);
    const recorded = await withLedger(values.ledger, (ledger) => importCatalog(ledger, catalog, attestations, importer, effective));
    console.log(recorded === 0 ? `catalog ${catalog.id}: the ledger already says everything ${values.catalog} states; nothing recorded` : `catalog ${catalog.id}: ${recorded} events recorded`);
    return 0;
  },
};
