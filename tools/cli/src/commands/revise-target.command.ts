import type { TargetRevised } from '@govmetrics/contracts';
import { bangkokDay } from '@govmetrics/contracts';
import { WrongExpectedVersionError } from '@govmetrics/event-store';
import { catalogInForce, decideTargetRevision } from '@govmetrics/ledger';
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
    const target = parseTarget(values.target);
    const { indicator: indicatorId, measure: measureId } = values;
    return withLedger(values.ledger, async (ledger) => {
      const entries = await ledger.readAll();
      const { catalog, version } = catalogInForce(entries, { day: effective, catalogId: values['catalog-id'] });
      const { catalogId } = version;
      const decision = decideTargetRevision({ catalogId, indicatorId, ...(measureId ? { measureId } : {}), target, effective }, catalog);
      if (!decision.ok) throw decision.error;
      const { stream, event } = decision;
      try {
        const { nextRevision } = await ledger.record(stream, event, context, expected);
        console.log(`${stream} is now at version ${nextRevision}: target ${event.data.period} ${JSON.stringify(event.data.target)} from ${effective}, by ${context.who}: ${context.why}`);
        return 0;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        return reportConflict(error, indicatorId);
      }
    });
  },
};
