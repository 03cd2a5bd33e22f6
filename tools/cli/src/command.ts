import type { CommandUnknownOpts, OutputConfiguration } from '@commander-js/extra-typings';
import { CommanderError } from '@commander-js/extra-typings';

/** Exit code of a command line that cannot run as given: an unknown command or option, a missing or contradicting one. */
export const USAGE_EXIT = 2;

const exitCodes = new WeakMap<CommandUnknownOpts, number>();

const rootOf = (command: CommandUnknownOpts): CommandUnknownOpts => (command.parent ? rootOf(command.parent) : command);

/** Commander ignores what an action resolves with: this keeps it as the exit code of the command line. */
export function exitsWith<A extends unknown[]>(action: (...args: A) => Promise<number>) {
  return async function (this: CommandUnknownOpts, ...args: A): Promise<void> {
    exitCodes.set(rootOf(this), await action(...args));
  };
}

const withDescendants = (command: CommandUnknownOpts): CommandUnknownOpts[] => [command, ...command.commands.flatMap(withDescendants)];

/**
 * Parses `argv` with `command` and runs the action it names; resolves with the exit code. Help exits 0; a command line
 * commander refuses (unknown command or option, missing value) exits USAGE_EXIT after the reason and the usage.
 * An action's error rejects, for the caller to report.
 */
export async function runCommandLine(command: CommandUnknownOpts, argv: readonly string[], output?: OutputConfiguration): Promise<number> {
  for (const each of withDescendants(command)) {
    each.exitOverride().showHelpAfterError();
    if (output) each.configureOutput(output);
  }
  try {
    await command.parseAsync(argv, { from: 'user' });
    return exitCodes.get(command) ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : USAGE_EXIT;
    throw error;
  }
}

/** The parsed options of a command `definition()` declares, as commander types them. */
export type OptionsOf<D extends () => { opts(): unknown }> = ReturnType<ReturnType<D>['opts']>;
