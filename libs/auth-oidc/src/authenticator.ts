import type { Principal } from '@govmetrics/contracts';
import { AuthError, bearerToken, looksLikeJwt, StaticTokens } from '@govmetrics/auth';
import type { AuthConfig } from './auth-config';
import { JwtVerifier } from './jwt-verifier';

/** Who presents an Authorization header: a static token's principal, or a verified JWT's. */
export class Authenticator {
  private readonly staticTokens: StaticTokens;
  private readonly jwt?: JwtVerifier;

  constructor(config: AuthConfig) {
    this.staticTokens = new StaticTokens(config.AUTH_STATIC_TOKENS);
    if (config.AUTH_OIDC_ISSUER) this.jwt = new JwtVerifier({ ...config, AUTH_OIDC_ISSUER: config.AUTH_OIDC_ISSUER });
  }

  /** Undefined without a bearer token; throws AuthError(unauthorized) for a token that is neither known nor valid. */
  async principalOf(authorization: string | undefined): Promise<Principal | undefined> {
    const token = bearerToken(authorization);
    if (token === undefined) return undefined;
    const known = this.staticTokens.principalOf(token);
    if (known) return known;
    if (this.jwt && looksLikeJwt(token)) return this.jwt.principalOf(token);
    throw new AuthError('unauthorized', 'the bearer token is not one this service knows');
  }
}
