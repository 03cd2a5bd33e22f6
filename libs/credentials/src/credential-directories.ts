import { AuthError } from '@govmetrics/auth';
import type { Principal } from '@govmetrics/contracts';
import type { CachedCredentials } from './cached-credentials';
import { CredentialStoreError } from './credentials.errors';
import { tokenPrincipal } from './stored-credential';

/** A store that cannot be read leaves the credential unchecked: 503, never admitted, never taken for a bad guess. */
const unchecked = (error: unknown): never => {
  if (error instanceof CredentialStoreError)
    throw new AuthError('identity_provider_unavailable', `the credential could not be checked: ${error.message}`, { cause: error });
  throw error;
};

/** The principal of an active kept token, for the Authenticator. */
export const keptTokenDirectory =
  (credentials: CachedCredentials) =>
  async (token: string): Promise<Principal | undefined> => {
    const found = await credentials.active('token', token).catch(unchecked);
    return found && tokenPrincipal(found);
  };

/** The platform of an active kept API key, and the key's id (for per-key rate limits). */
export const keptApiKeyDirectory =
  (credentials: CachedCredentials) =>
  async (key: string): Promise<{ platform: string; keyId: string } | undefined> => {
    const found = await credentials.active('api_key', key).catch(unchecked);
    return found?.platform === undefined ? undefined : { platform: found.platform, keyId: `${found.platform}#${found.id}` };
  };
