import type { Principal } from '@govmetrics/contracts';
import { AuthError, principalFromClaims } from '@govmetrics/auth';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from './auth-config';

type OidcConfig = AuthConfig & { AUTH_OIDC_ISSUER: string };

// The JWKS could not be fetched or read: nothing is known of the token, so it is neither valid nor invalid.
const PROVIDER_FAULTS = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID']);
const isProviderFault = (error: unknown): boolean => !(error instanceof errors.JOSEError) || PROVIDER_FAULTS.has(error.code);

async function discoverJwksUrl(issuer: string): Promise<URL> {
  const response = await fetch(new URL(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`));
  if (!response.ok) throw new Error(`the issuer's discovery document answered ${response.status}`);
  const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: unknown };
  if (typeof jwksUri !== 'string') throw new Error("the issuer's discovery document names no jwks_uri");
  return new URL(jwksUri);
}

/** Verifies JWTs of one OpenID Connect provider against its JWKS (fetched on first use, cached, refetched for an unknown `kid`). */
export class JwtVerifier {
  private keys?: Promise<JWTVerifyGetKey>;

  constructor(private readonly config: OidcConfig) {}

  async principalOf(token: string): Promise<Principal> {
    const { payload } = await jwtVerify(token, await this.keySet(), {
      issuer: this.config.AUTH_OIDC_ISSUER,
      audience: this.config.AUTH_OIDC_AUDIENCE,
      algorithms: this.config.AUTH_OIDC_ALGORITHMS,
      clockTolerance: this.config.AUTH_CLOCK_SKEW_SECONDS,
      requiredClaims: ['exp'],
    }).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      if (isProviderFault(error))
        throw new AuthError('identity_provider_unavailable', `the identity provider's keys could not be read: ${reason}`, { cause: error });
      throw new AuthError('unauthorized', `the token did not verify: ${reason}`, { cause: error });
    });
    return principalFromClaims(payload, { roles: this.config.AUTH_OIDC_ROLES_CLAIM, agencies: this.config.AUTH_OIDC_AGENCIES_CLAIM });
  }

  private keySet(): Promise<JWTVerifyGetKey> {
    const { AUTH_OIDC_JWKS_URL: configured, AUTH_OIDC_ISSUER: issuer } = this.config;
    this.keys ??= (configured ? Promise.resolve(new URL(configured)) : discoverJwksUrl(issuer)).then((url) => createRemoteJWKSet(url));
    // A provider that was down is asked again next time rather than remembered as down.
    this.keys.catch(() => (this.keys = undefined));
    return this.keys.catch((error: unknown) => {
      throw new AuthError('identity_provider_unavailable', `the identity provider ${issuer} could not be reached to verify the token`, { cause: error });
    });
  }
}
