import 'reflect-metadata';
import type { CliCommand } from './command';
import { attestCommand } from './commands/attest.command';
import { catalogImportCommand } from './commands/catalog-import.command';
import { demoCommand } from './commands/demo.command';
import { generateFy2564Command } from './commands/generate-fy2564.command';
import { ledgerCommand } from './commands/ledger.command';
import { quarantineCommand } from './commands/quarantine.command';
import { rebuildCommand } from './commands/rebuild.command';
import { reviseTargetCommand } from './commands/revise-target.command';
import { schemasCommand } from './commands/schemas.command';
import { scoreCommand } from './commands/score.command';
import { sendCommand } from './commands/send.command';

const COMMANDS: readonly CliCommand[] = [
  demoCommand,
  schemasCommand,
  generateFy2564Command,
  scoreCommand,
  sendCommand,
  rebuildCommand,
  quarantineCommand,
  catalogImportCommand,
  reviseTargetCommand,
  attestCommand,
  ledgerCommand,
];

function usage(): string {
  const lines = COMMANDS.map((command) => `  ${command.name.padEnd(16)} ${command.summary}`);
  return ['usage: npm run -s cli -- COMMAND [ARGS]', '', 'commands:', ...lines].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    console.error(name === undefined ? usage() : `unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.run(args);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
