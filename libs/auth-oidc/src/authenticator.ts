import type { Principal } from '@govmetrics/contracts';
import { AuthError, bearerToken, looksLikeJwt, StaticTokens } from '@govmetrics/auth';
import type { AuthConfig } from './auth-config';
import { JwtVerifier } from './jwt-verifier';

/** The principal of a token kept outside the configuration (the admins' credential store); undefined when it holds none. */
export type TokenDirectory = (token: string) => Promise<Principal | undefined>;

/** Who presents an Authorization header: a static token's principal (configured, then kept by admins), or a verified JWT's. */
export class Authenticator {
  private readonly staticTokens: StaticTokens;
  private readonly jwt?: JwtVerifier;

  constructor(
    config: AuthConfig,
    private readonly keptTokens?: TokenDirectory,
  ) {
    this.staticTokens = new StaticTokens(config.AUTH_STATIC_TOKENS);
    if (config.AUTH_OIDC_ISSUER) this.jwt = new JwtVerifier({ ...config, AUTH_OIDC_ISSUER: config.AUTH_OIDC_ISSUER });
  }

  /** Undefined without a bearer token; throws AuthError(unauthorized) for a token that is neither known nor valid. */
  async principalOf(authorization: string | undefined): Promise<Principal | undefined> {
    const token = bearerToken(authorization);
    if (token === undefined) return undefined;
    const known = this.staticTokens.principalOf(token);
    if (known) return known;
    if (!looksLikeJwt(token)) {
      const kept = await this.keptTokens?.(token);
      if (kept) return kept;
    }
    if (this.jwt && looksLikeJwt(token)) return this.jwt.principalOf(token);
    throw new AuthError('unauthorized', 'the bearer token is not one this service knows');
  }
}
