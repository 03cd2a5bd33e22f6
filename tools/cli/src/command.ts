/** One `npm run -s cli -- NAME ...` command. */
export interface CliCommand {
  name: string;
  summary: string;
  /** Resolves with the process exit code. */
  run(args: string[]): Promise<number>;
}
