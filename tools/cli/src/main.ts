import { runCommandLine } from './command';
import { cliProgram } from './program';

runCommandLine(cliProgram(), process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
