import { WrongExpectedVersionError } from '@govmetrics/event-store';
import { catalogInForce, decideAttestation } from '@govmetrics/ledger';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';
import { dayOption, governance, LEDGER_OPTION_HELP, reportConflict, versionOption, withLedger } from '../ledger/cli-ledger';

const USAGE = [
  'usage: npm run -s cli -- attest --id ATTESTED_ID --value N --effective YYYY-MM-DD --evidence REFERENCE --by WHO --reason WHY',
  '                                 [--evidence-file FILE] [--unit UNIT] [--expected-version N] [--catalog-id ID] [--ledger URL]',
  '  ATTESTED_ID is an `attested.id` the catalog scores; the value counts from --effective on;',
  '  --evidence-file records the SHA-256 of the evidence document, so a swapped file is noticed',
  `  ${LEDGER_OPTION_HELP}`,
].join('\n');

export const attestCommand: CliCommand = {
  name: 'attest',
  summary: 'record a value a person vouches for (survey, PMQA score, revenue) in the ledger, with its evidence',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        id: { type: 'string' },
        value: { type: 'string' },
        effective: { type: 'string' },
        evidence: { type: 'string' },
        'evidence-file': { type: 'string' },
        unit: { type: 'string' },
        by: { type: 'string' },
        reason: { type: 'string' },
        'expected-version': { type: 'string' },
        'catalog-id': { type: 'string' },
        ledger: { type: 'string' },
      },
    });
    if (!values.id || values.value === undefined || !values.effective || !values.evidence) {
      console.error(USAGE);
      return 2;
    }
    const value = Number(values.value);
    if (values.value.trim() === '' || !Number.isFinite(value)) throw new Error(`--value must be a number; got "${values.value}"`);
    const effective = dayOption('effective', values.effective);
    const context = governance(values);
    const expected = values['expected-version'] === undefined ? 'any' : versionOption(values['expected-version']);
    const sha256 = values['evidence-file'] ? createHash('sha256').update(readFileSync(values['evidence-file'])).digest('hex') : undefined;
    const attestedId = values.id;
    const evidence = { reference: values.evidence, ...(sha256 ? { sha256 } : {}) };

    return withLedger(values.ledger, async (ledger) => {
      const entries = await ledger.readAll();
      const { catalog, version } = catalogInForce(entries, { day: effective, catalogId: values['catalog-id'] });
      const { catalogId } = version;
      const decision = decideAttestation({ catalogId, attestedId, value, effective, ...(values.unit ? { unit: values.unit } : {}), evidence }, catalog);
      if (!decision.ok) throw decision.error;
      const { stream, event } = decision;
      try {
        const { nextRevision } = await ledger.record(stream, event, context, expected);
        console.log(`${stream} is now at version ${nextRevision}: ${attestedId} = ${value} from ${effective}, by ${context.who}: ${context.why} (evidence ${values.evidence}${sha256 ? `, sha256 ${sha256}` : ''})`);
        return 0;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        return reportConflict(error, attestedId);
      }
    });
  },
};
