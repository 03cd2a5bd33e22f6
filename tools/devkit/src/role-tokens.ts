import { issueStaticToken } from '@govmetrics/auth';
import { ROLES, type Role, type StaticToken } from '@govmetrics/contracts';

/** The platform a development `platform` token is bound to. */
export const DEV_TOKEN_PLATFORM = 'gdx';

/** One fresh static token per role, for a local pipeline: the tokens for its clients, their digests for its services. */
export function freshRoleTokens(): { tokens: Record<Role, string>; config: StaticToken[] } {
  const issued = ROLES.map((role) => ({
    role,
    ...issueStaticToken({ subject: `dev-${role}`, roles: [role], ...(role === 'platform' ? { platform: DEV_TOKEN_PLATFORM } : {}) }),
  }));
  return {
    tokens: Object.fromEntries(issued.map(({ role, token }) => [role, token])) as Record<Role, string>,
    config: issued.map(({ entry }) => entry),
  };
}
