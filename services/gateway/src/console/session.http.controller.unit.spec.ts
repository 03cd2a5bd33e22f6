import type { Principal } from '@govmetrics/contracts';
import { admittedRoutes } from './session.http.controller';

const ACKNOWLEDGE = 'POST /v1/alerts/:alert/acknowledgements';
const principal = (roles: Principal['roles']): Principal => ({ subject: 'someone', roles, via: 'static_token' });

describe('the routes GET /v1/session lists', () => {
  it('admit an operator and a steward to acknowledge alerts, and not an auditor, as the access matrix says', () => {
    expect(admittedRoutes(principal(['operator']))).toContain(ACKNOWLEDGE);
    expect(admittedRoutes(principal(['steward']))).toContain(ACKNOWLEDGE);
    expect(admittedRoutes(principal(['auditor']))).not.toContain(ACKNOWLEDGE);
  });

  it('are the union of what each role admits, on the gateway only, without the open routes', () => {
    const both = admittedRoutes(principal(['operator', 'auditor']));
    expect(both).toEqual(expect.arrayContaining([...admittedRoutes(principal(['operator'])), ...admittedRoutes(principal(['auditor']))]));
    expect(both).toContain('GET /v1/scorecards');
    expect(both.some((route) => route.startsWith('POST /v1/events'))).toBe(false);
    expect(both).not.toContain('GET /console');
  });
});
