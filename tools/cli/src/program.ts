import { Command } from '@commander-js/extra-typings';
import { attestCommand } from './commands/attest.command';
import { catalogImportCommand } from './commands/catalog-import.command';
import { demoCommand } from './commands/demo.command';
import { forecastCommand } from './commands/forecast.command';
import { generateFy2564Command } from './commands/generate-fy2564.command';
import { ledgerCommand } from './commands/ledger.command';
import { quarantineCommand } from './commands/quarantine.command';
import { rebuildCommand } from './commands/rebuild.command';
import { reviseTargetCommand } from './commands/revise-target.command';
import { schemasCommand } from './commands/schemas.command';
import { scoreCommand } from './commands/score.command';
import { sendCommand } from './commands/send.command';

/** Every `npm run -s cli -- COMMAND`; commander writes each usage and `--help` from the options declared. */
export const cliProgram = () =>
  new Command('npm run -s cli --')
    .description("govmetrics: the FY2564 demo, the platform sender, scoring, the governance ledger and operators' tools")
    .addCommand(demoCommand())
    .addCommand(schemasCommand())
    .addCommand(generateFy2564Command())
    .addCommand(scoreCommand())
    .addCommand(sendCommand())
    .addCommand(rebuildCommand())
    .addCommand(quarantineCommand())
    .addCommand(catalogImportCommand())
    .addCommand(reviseTargetCommand())
    .addCommand(attestCommand())
    .addCommand(ledgerCommand())
    .addCommand(forecastCommand());
