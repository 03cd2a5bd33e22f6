import type { TargetRevised } from '@govmetrics/contracts';
import { bangkokDay } from '@govmetrics/contracts';
import { WrongExpectedVersionError } from '@govmetrics/event-store';
import type { LedgerEntry } from '@govmetrics/ledger';
import { catalogAsOf, catalogFromLedger, catalogIdOf, ledgerStreams } from '@govmetrics/ledger';
import { indicatorsOf, periodName } from '@govmetrics/scoring';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';
import { dayOption, governance, LEDGER_OPTION_HELP, reportConflict, versionOption, withLedger } from '../ledger/cli-ledger';

const USAGE = [
  'usage: npm run -s cli -- revise-target --indicator ID --target VALUE --expected-version N --by WHO --reason WHY',
  '                                        [--measure ID] [--effective YYYY-MM-DD] [--catalog-id ID] [--ledger URL]',
  '  VALUE is a number or JSON (a list of {period, value}); --measure revises one target of a multi-target indicator;',
  '  N is the indicator\'s version you read (ledger history ID); the revision holds from --effective (default today, Bangkok)',
  `  ${LEDGER_OPTION_HELP}`,
].join('\n');

function parseTarget(text: string): TargetRevised['target'] {
  try {
    return JSON.parse(text) as TargetRevised['target'];
  } catch {
    throw new Error(`--target must be a number or JSON; got "${text}"`);
  }
}

export const reviseTargetCommand: CliCommand = {
  name: 'revise-target',
  summary: 'record a revised KPI target in the ledger, with who, why, from which day, against the version read',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        indicator: { type: 'string' },
        measure: { type: 'string' },
        target: { type: 'string' },
        'expected-version': { type: 'string' },
        by: { type: 'string' },
        reason: { type: 'string' },
        effective: { type: 'string' },
        'catalog-id': { type: 'string' },
        ledger: { type: 'string' },
      },
    });
    if (!values.indicator || values.target === undefined || values['expected-version'] === undefined) {
      console.error(USAGE);
      return 2;
    }
    const expected = versionOption(values['expected-version']);
    const context = governance(values);
    const effective = dayOption('effective', values.effective ?? bangkokDay(Date.now()));
    const indicatorId = values.indicator;
    return withLedger(values.ledger, async (ledger) => {
      const entries = await ledger.readAll();
      const catalogId = catalogIdOf(entries, values['catalog-id']);
      const stream = ledgerStreams.indicator(catalogId, indicatorId);
      const { catalog } = catalogFromLedger(catalogAsOf(entries, { day: effective }), catalogId);
      const placed = indicatorsOf(catalog).find((candidate) => candidate.indicator.id === indicatorId);
      if (!placed) throw new Error(`indicator "${indicatorId}" is not in catalog ${catalogId} on ${effective}`);
      const { indicator, period } = placed;

      let target = parseTarget(values.target!);
      if ('measures' in indicator) {
        if (!values.measure) throw new Error(`indicator ${indicatorId} has several targets (${indicator.measures.map((m) => m.id).join(', ')}): name one with --measure`);
        if (!indicator.measures.some((m) => m.id === values.measure)) throw new Error(`indicator ${indicatorId} has no measure "${values.measure}"`);
        const current = Object.fromEntries(indicator.measures.flatMap((m) => (m.target === undefined ? [] : [[m.id, m.target]])));
        target = { ...current, [values.measure]: target };
      } else if (values.measure) {
        throw new Error(`indicator ${indicatorId} has one target: leave out --measure`);
      }
      const data: TargetRevised = { catalogId, indicatorId, period: periodName(period), target, effective };

      // The revised catalog must still be a valid catalog: check it as the ledger will hold it, before recording.
      const last = entries.at(-1);
      const proposed = { type: 'TargetRevised', data, stream, revision: 0n, position: (last?.position ?? 0n) + 1n, recordedAt: new Date(), metadata: { ...context, when: new Date().toISOString(), prevHash: '', hash: '' } } as LedgerEntry;
      catalogFromLedger(catalogAsOf([...entries, proposed], { day: effective }), catalogId);

      try {
        const { nextRevision } = await ledger.record(stream, { type: 'TargetRevised', data }, context, expected);
        console.log(`${stream} is now at version ${nextRevision}: target ${data.period} ${JSON.stringify(target)} from ${effective}, by ${context.who}: ${context.why}`);
        return 0;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        return reportConflict(error, indicatorId);
      }
    });
  },
};
