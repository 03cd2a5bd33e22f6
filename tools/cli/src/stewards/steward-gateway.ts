import { Option } from '@commander-js/extra-typings';
import type { StewardError, StewardWriteAnswer } from '@govmetrics/contracts';
import { StewardErrorSchema, StewardWriteAnswerSchema } from '@govmetrics/contracts';
import { readFileSync } from 'node:fs';

/** Where a steward's change is sent unless told otherwise: the gateway's default port on this machine. */
export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:3000';

/** `--gateway`, `--token-file` and `--reason`, on every command that changes the ledger. */
export const gatewayOption = () =>
  new Option('--gateway <url>', `the gateway that records the change (default GOVMETRICS_GATEWAY_URL, else ${DEFAULT_GATEWAY_URL})`);
export const tokenFileOption = () =>
  new Option(
    '--token-file <file>',
    "a file holding the steward's bearer token (default: the GOVMETRICS_TOKEN variable); the ledger records its subject as who",
  );
export const reasonOption = () => new Option('--reason <why>', 'why the change is made (the ledger records it)').makeOptionMandatory();
/** Kept only to say why it is refused: a typed name is no identity. */
export const byOption = () => new Option('--by <who>').hideHelp();

/** How the gateway answered a steward's write: recorded, or refused as stale (409), the only refusals a caller acts on. */
export type StewardOutcome = { recorded: StewardWriteAnswer } | { stale: StewardError & { stream: string; currentVersion: string } };

export interface StewardGatewayOptions {
  gateway?: string;
  tokenFile?: string;
  by?: string;
}

/** The bearer token: `--token-file`, else GOVMETRICS_TOKEN; a command without one fails before sending anything. */
function tokenOf(options: StewardGatewayOptions, env: NodeJS.ProcessEnv): string {
  const token = options.tokenFile === undefined ? env['GOVMETRICS_TOKEN'] : readFileSync(options.tokenFile, 'utf8').trim();
  if (!token)
    throw new Error('a change to the ledger is made through the gateway as the holder of a steward token: set GOVMETRICS_TOKEN or pass --token-file FILE');
  return token;
}

/** A JSON answer, or the text itself when the gateway (or a proxy before it) sent something else. */
function parsed(text: string): unknown {
  try {
    return text === '' ? null : (JSON.parse(text) as unknown);
  } catch {
    return text;
  }
}

/** What a refusal says, in a line: the gateway's own message when it sent one. */
function refusal(status: number, body: unknown): Error {
  const said = typeof body === 'object' && body !== null ? (body as { error?: unknown; message?: unknown }) : {};
  const what = [said.error, said.message].filter((part) => typeof part === 'string').join(': ') || JSON.stringify(body);
  const hint = status === 401 || status === 403 ? ' (a steward token is needed: GOVMETRICS_TOKEN or --token-file)' : '';
  return new Error(`the gateway refused the change (${status}): ${what}${hint}`);
}

/**
 * Sends a steward's change to the gateway's endpoint `path` with the bearer token. Resolves with what was recorded
 * (as the token's subject), or the stale version; any other refusal, or a gateway that cannot be reached, throws.
 */
export async function postStewardChange(options: StewardGatewayOptions, path: string, body: unknown, env = process.env): Promise<StewardOutcome> {
  if (options.by !== undefined) throw new Error('--by is no longer taken: the ledger records the subject of the steward token the change is sent with');
  const token = tokenOf(options, env);
  const base = options.gateway ?? env['GOVMETRICS_GATEWAY_URL'] ?? DEFAULT_GATEWAY_URL;
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).catch((error: unknown) => {
    throw new Error(`the gateway at ${base} could not be reached: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  });
  const answer = parsed(await response.text());
  if (response.ok) return { recorded: StewardWriteAnswerSchema.parse(answer) };
  const stale = response.status === 409 ? StewardErrorSchema.safeParse(answer) : undefined;
  if (stale?.success && stale.data.stream !== undefined && stale.data.currentVersion !== undefined)
    return { stale: { ...stale.data, stream: stale.data.stream, currentVersion: stale.data.currentVersion } };
  throw refusal(response.status, answer);
}
