import { AuthError } from './auth-error';
import { principalFromClaims } from './principal-from-claims';

describe(principalFromClaims.name, () => {
  it('takes the subject, the roles this system knows, and the platform and agency bindings', () => {
    expect(principalFromClaims({ sub: 'alice', roles: ['auditor', 'superuser'], agencies: ['moph', 'mof'] })).toEqual({
      subject: 'alice',
      roles: ['auditor'],
      agencies: ['moph', 'mof'],
      via: 'jwt',
    });
    expect(principalFromClaims({ sub: 'gdx-sender', roles: 'platform', platform: 'gdx' })).toEqual({
      subject: 'gdx-sender',
      roles: ['platform'],
      platform: 'gdx',
      via: 'jwt',
    });
  });

  it('reads roles and agencies from the configured claims, space-separated or as an array', () => {
    const names = { roles: 'groups', agencies: 'govmetrics_agencies' };
    expect(principalFromClaims({ sub: 'bob', groups: 'operator steward', govmetrics_agencies: 'moph mof', agencies: ['dga'] }, names)).toMatchObject({
      roles: ['operator', 'steward'],
      agencies: ['moph', 'mof'],
    });
    expect(principalFromClaims({ sub: 'carol', groups: ['operator'], agencies: ['dga'] }, names)).not.toHaveProperty('agencies');
  });

  it('names a client-credentials token by its client_id, and refuses a token naming nobody', () => {
    expect(principalFromClaims({ client_id: 'ops-dashboard', roles: ['operator'] }).subject).toBe('ops-dashboard');
    expect(() => principalFromClaims({ roles: ['operator'] })).toThrow(AuthError);
  });
});
