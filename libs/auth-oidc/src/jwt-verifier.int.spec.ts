import { AuthConfigSchema } from './auth-config';
import { JwtVerifier } from './jwt-verifier';

// Any three base64url parts: the verifier needs the provider's keys before it can say anything of the token.
const SOME_JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJ4In0.c2ln';

describe(JwtVerifier.name, () => {
  it('answers identity_provider_unavailable, not unauthorized, when the issuer cannot be reached (a closed loopback port)', async () => {
    const verifier = new JwtVerifier({ ...AuthConfigSchema.parse({}), AUTH_OIDC_ISSUER: 'http://127.0.0.1:1' });
    await expect(verifier.principalOf(SOME_JWT)).rejects.toMatchObject({ code: 'identity_provider_unavailable', status: 503 });
  });

  it('answers identity_provider_unavailable when the configured JWKS URL does not answer', async () => {
    const verifier = new JwtVerifier({ ...AuthConfigSchema.parse({}), AUTH_OIDC_ISSUER: 'http://127.0.0.1:1', AUTH_OIDC_JWKS_URL: 'http://127.0.0.1:1/jwks' });
    await expect(verifier.principalOf(SOME_JWT)).rejects.toMatchObject({ code: 'identity_provider_unavailable' });
  });
});
