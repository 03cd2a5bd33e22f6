import { AuthError, issueStaticToken } from '@govmetrics/auth';
import { AuthConfigSchema } from './auth-config';
import { Authenticator } from './authenticator';

const operator = issueStaticToken({ subject: 'ops-dashboard', roles: ['operator'] });
const config = (env: Record<string, string> = {}) => AuthConfigSchema.parse({ AUTH_STATIC_TOKENS: JSON.stringify([operator.entry]), ...env });

describe(Authenticator.name, () => {
  it('names nobody without a bearer token, and the static token holder with one', async () => {
    const authenticator = new Authenticator(config());
    await expect(authenticator.principalOf(undefined)).resolves.toBeUndefined();
    await expect(authenticator.principalOf(`Bearer ${operator.token}`)).resolves.toEqual({
      subject: 'ops-dashboard',
      roles: ['operator'],
      via: 'static_token',
    });
  });

  it('refuses an unknown token, and any JWT when no provider is configured, as unauthorized', async () => {
    const authenticator = new Authenticator(config());
    await expect(authenticator.principalOf('Bearer someone-elses-token')).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(authenticator.principalOf('Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')).rejects.toBeInstanceOf(AuthError);
  });

  it('asks the kept tokens (the credential store) after the configured ones, never with a JWT, and refuses what they do not hold', async () => {
    const asked: string[] = [];
    const kept = (token: string) => {
      asked.push(token);
      return Promise.resolve(
        token === 'issued-by-an-admin' ? { subject: 'noc-screen', roles: ['operator' as const], via: 'static_token' as const } : undefined,
      );
    };
    const authenticator = new Authenticator(config(), kept);
    await expect(authenticator.principalOf('Bearer issued-by-an-admin')).resolves.toMatchObject({ subject: 'noc-screen' });
    await expect(authenticator.principalOf(`Bearer ${operator.token}`)).resolves.toMatchObject({ subject: 'ops-dashboard' });
    await expect(authenticator.principalOf('Bearer revoked-one')).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(authenticator.principalOf('Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln')).rejects.toBeInstanceOf(AuthError);
    expect(asked).toEqual(['issued-by-an-admin', 'revoked-one']);
  });
});

describe('AuthConfigSchema', () => {
  it('admits nobody by default: no static token and no provider', () => {
    const defaults = AuthConfigSchema.parse({});
    expect(defaults).toMatchObject({ AUTH_STATIC_TOKENS: [], AUTH_CLOCK_SKEW_SECONDS: 30 });
    expect(defaults.AUTH_OIDC_ISSUER).toBeUndefined();
  });

  it('refuses a static token given in clear instead of its digest, saying what to set', () => {
    const parsed = AuthConfigSchema.safeParse({ AUTH_STATIC_TOKENS: JSON.stringify([{ subject: 'x', roles: ['admin'], sha256: 'my-secret-token' }]) });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain('sha256sum');
  });
});
