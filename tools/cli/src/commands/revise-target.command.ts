import { Command } from '@commander-js/extra-typings';
import type { TargetRevised } from '@govmetrics/contracts';
import { bangkokDay } from '@govmetrics/contracts';
import { WrongExpectedVersionError } from '@govmetrics/event-store';
import { catalogInForce, decideTargetRevision } from '@govmetrics/ledger';
import type { OptionsOf } from '../command';
import { exitsWith } from '../command';
import { byOption, catalogIdOption, dayOption, governance, ledgerOption, reasonOption, reportConflict, versionOption, withLedger } from '../ledger/cli-ledger';

const definition = () =>
  new Command('revise-target')
    .description('record a revised KPI target in the ledger, with who, why, from which day, against the version read')
    .requiredOption('--indicator <id>', 'the indicator whose target is revised')
    .requiredOption('--target <value>', 'a number, or JSON (a list of {period, value})')
    .requiredOption('--expected-version <n>', "the indicator's version you read (`ledger history ID`); a stale one records nothing and exits 3")
    .option('--measure <id>', 'revises one target of a multi-target indicator')
    .addOption(byOption())
    .addOption(reasonOption())
    .option('--effective <day>', 'YYYY-MM-DD: the revision holds from this day (default today, Bangkok)')
    .addOption(catalogIdOption())
    .addOption(ledgerOption());

function parseTarget(text: string): TargetRevised['target'] {
  try {
    return JSON.parse(text) as TargetRevised['target'];
  } catch {
    throw new Error(`--target must be a number or JSON; got "${text}"`);
  }
}

function reviseTarget(values: OptionsOf<typeof definition>): Promise<number> {
  const expected = versionOption(values.expectedVersion);
  const context = governance(values);
  const effective = dayOption('effective', values.effective ?? bangkokDay(Date.now()));
  const target = parseTarget(values.target);
  const { indicator: indicatorId, measure: measureId } = values;
  return withLedger(values.ledger, async (ledger) => {
    const entries = await ledger.readAll();
    const { catalog, version } = catalogInForce(entries, { day: effective, catalogId: values.catalogId });
    const { catalogId } = version;
    const decision = decideTargetRevision({ catalogId, indicatorId, ...(measureId ? { measureId } : {}), target, effective }, catalog);
    if (!decision.ok) throw decision.error;
    const { stream, event } = decision;
    try {
      const { nextRevision } = await ledger.record(stream, event, context, expected);
      console.log(
        `${stream} is now at version ${nextRevision}: target ${event.data.period} ${JSON.stringify(event.data.target)} from ${effective}, ` +
          `by ${context.who}: ${context.why}`,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      return reportConflict(error, indicatorId);
    }
  });
}

export const reviseTargetCommand = () => definition().action(exitsWith(reviseTarget));
