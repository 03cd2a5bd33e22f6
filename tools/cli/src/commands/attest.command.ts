import type { ValueAttested } from '@govmetrics/contracts';
import { WrongExpectedVersionError } from '@govmetrics/event-store';
import { catalogAsOf, catalogFromLedger, catalogIdOf, ledgerStreams } from '@govmetrics/ledger';
import { indicatorsOf } from '@govmetrics/scoring';
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

/** The attested ids a catalog's measures read. */
const attestedIds = (catalog: Parameters<typeof indicatorsOf>[0]): Set<string> =>
  new Set(
    indicatorsOf(catalog).flatMap(({ indicator }) =>
      ('measures' in indicator ? indicator.measures : [indicator]).flatMap((measure) => ('attested' in measure.actual ? [measure.actual.attested.id] : [])),
    ),
  );

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

    return withLedger(values.ledger, async (ledger) => {
      const entries = await ledger.readAll();
      const catalogId = catalogIdOf(entries, values['catalog-id']);
      const known = attestedIds(catalogFromLedger(catalogAsOf(entries, { day: effective }), catalogId).catalog);
      if (!known.has(attestedId)) throw new Error(`catalog ${catalogId} scores no attested value "${attestedId}" on ${effective}; it reads: ${[...known].sort().join(', ')}`);
      const data: ValueAttested = {
        catalogId,
        indicatorId: attestedId,
        period: effective,
        value,
        ...(values.unit ? { unit: values.unit } : {}),
        evidence: { reference: values.evidence!, ...(sha256 ? { sha256 } : {}) },
      };
      const stream = ledgerStreams.indicator(catalogId, attestedId);
      try {
        const { nextRevision } = await ledger.record(stream, { type: 'ValueAttested', data }, context, expected);
        console.log(`${stream} is now at version ${nextRevision}: ${attestedId} = ${value} from ${effective}, by ${context.who}: ${context.why} (evidence ${values.evidence}${sha256 ? `, sha256 ${sha256}` : ''})`);
        return 0;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        return reportConflict(error, attestedId);
      }
    });
  },
};
