import type { EndpointAccess, Principal } from '@govmetrics/contracts';
import { ACCESS_MATRIX } from '@govmetrics/contracts';
import { decideAccess, endpointAccess, seesDetail } from './decide-access';

const principal = (roles: Principal['roles'], extra: Partial<Principal> = {}): Principal => ({ subject: 'someone', roles, via: 'static_token', ...extra });
const row = (service: EndpointAccess['service'], method: EndpointAccess['method'], path: string): EndpointAccess => {
  const found = endpointAccess(service, method, path);
  if (!found) throw new Error(`${service} ${method} ${path} is not in the matrix`);
  return found;
};

describe(decideAccess.name, () => {
  const totals = row('gateway', 'GET', '/v1/aggregates/total');

  it('asks for a credential when none is presented on a closed route, and admits anyone on an open one', () => {
    expect(decideAccess(totals, undefined)).toMatchObject({ allowed: false, code: 'unauthorized' });
    expect(decideAccess(row('gateway', 'GET', '/health'), undefined)).toEqual({ allowed: true });
  });

  it('admits a role the row lists and forbids every other', () => {
    expect(decideAccess(totals, principal(['operator']))).toEqual({ allowed: true });
    expect(decideAccess(totals, principal(['auditor', 'steward']))).toMatchObject({
      allowed: false,
      code: 'forbidden',
      message: expect.stringContaining('operator'),
    });
  });

  it('holds an operator with agencies to them: another agency or none at all is forbidden', () => {
    const scoped = principal(['operator'], { agencies: ['moph'] });
    expect(decideAccess(totals, scoped, { agency: 'moph' })).toEqual({ allowed: true });
    expect(decideAccess(totals, scoped, { agency: 'mof' })).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(decideAccess(totals, scoped, {})).toMatchObject({ allowed: false, code: 'forbidden' });
  });

  it('refuses a principal limited to agencies every read that spans all agencies, naming the rule, while an unscoped operator reads them', () => {
    const scoped = principal(['operator'], { agencies: ['moph'] });
    for (const path of ['/v1/attainment', '/v1/attainment/stream', '/v1/quarantine']) {
      expect(decideAccess(row('gateway', 'GET', path), scoped, { agency: 'moph' })).toEqual({
        allowed: false,
        code: 'forbidden',
        message: `GET ${path} spans every agency; a token limited to agencies (moph) reads only aggregates of its own, asked with agency=`,
      });
      expect(decideAccess(row('gateway', 'GET', path), principal(['operator']), {})).toEqual({ allowed: true });
    }
    const scopedAuditor = principal(['auditor'], { agencies: ['moph'] });
    expect(decideAccess(row('gateway', 'GET', '/v1/scorecards'), scopedAuditor, {})).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(decideAccess(totals, principal(['operator'], { agencies: [] }), { agency: 'moph' })).toMatchObject({
      allowed: false,
      message: 'you may query only agencies none: name one as agency=',
    });
  });

  it('still opens open routes to a principal limited to agencies', () => {
    expect(decideAccess(row('gateway', 'GET', '/health'), principal(['operator'], { agencies: ['moph'] }))).toEqual({ allowed: true });
  });

  it('lets a platform read only its own quarantine, while an operator reads all', () => {
    const quarantine = row('gateway', 'GET', '/v1/quarantine');
    const gdx = principal(['platform'], { platform: 'gdx' });
    expect(decideAccess(quarantine, gdx, { platform: 'gdx' })).toEqual({ allowed: true });
    expect(decideAccess(quarantine, gdx, { platform: 'gin' })).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(decideAccess(quarantine, gdx, {})).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(decideAccess(quarantine, principal(['operator']), {})).toEqual({ allowed: true });
  });

  it('refuses a route missing from the matrix to every principal, so a new endpoint is closed until listed', () => {
    expect(decideAccess(undefined, principal(['admin', 'operator', 'auditor', 'steward', 'platform']))).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(decideAccess(undefined, undefined)).toMatchObject({ allowed: false, code: 'unauthorized' });
  });
});

describe(seesDetail.name, () => {
  it("shows /health's detail to operators only", () => {
    const health = row('ingest', 'GET', '/health');
    expect(seesDetail(health, principal(['operator']))).toBe(true);
    expect(seesDetail(health, principal(['auditor']))).toBe(false);
    expect(seesDetail(health, undefined)).toBe(false);
  });
});

describe('ACCESS_MATRIX', () => {
  it('lists each endpoint once', () => {
    const keys = ACCESS_MATRIX.map(({ service, method, path }) => `${service} ${method} ${path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
