import { Command } from '@commander-js/extra-typings';
import { bangkokDay } from '@govmetrics/contracts';
import type { OptionsOf } from '../command';
import { exitsWith } from '../command';
import { catalogIdOption } from '../ledger/cli-ledger';
import { byOption, gatewayOption, postStewardChange, reasonOption, tokenFileOption } from '../stewards/steward-gateway';
import { dayOption, reportConflict, versionOption } from '../stewards/steward-options';

const definition = () =>
  new Command('revise-target')
    .description("stewards: record a revised KPI target in the ledger, through the gateway as the token's subject, from which day, against the version read")
    .requiredOption('--indicator <id>', 'the indicator whose target is revised')
    .requiredOption('--target <value>', 'a number, or JSON (a list of {period, value})')
    .requiredOption('--expected-version <n>', "the indicator's version you read (`ledger history ID`); a stale one records nothing and exits 3")
    .option('--measure <id>', 'revises one target of a multi-target indicator')
    .addOption(reasonOption())
    .option('--effective <day>', 'YYYY-MM-DD: the revision holds from this day (default today, Bangkok)')
    .addOption(catalogIdOption())
    .addOption(gatewayOption())
    .addOption(tokenFileOption())
    .addOption(byOption());

function parseTarget(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`--target must be a number or JSON; got "${text}"`);
  }
}

async function reviseTarget(values: OptionsOf<typeof definition>): Promise<number> {
  const expectedVersion = versionOption(values.expectedVersion);
  const effective = dayOption('effective', values.effective ?? bangkokDay(Date.now()));
  const target = parseTarget(values.target);
  const body = {
    target,
    expectedVersion,
    effective,
    reason: values.reason,
    ...(values.measure ? { measure: values.measure } : {}),
    ...(values.catalogId ? { catalogId: values.catalogId } : {}),
  };
  const outcome = await postStewardChange(values, `v1/targets/${encodeURIComponent(values.indicator)}/revisions`, body);
  if ('stale' in outcome) return reportConflict(outcome.stale, expectedVersion, values.indicator);
  const { stream, version, who } = outcome.recorded;
  console.log(`${stream} is now at version ${version}: target ${JSON.stringify(target)} from ${effective}, by ${who}: ${values.reason}`);
  return 0;
}

export const reviseTargetCommand = () => definition().action(exitsWith(reviseTarget));
