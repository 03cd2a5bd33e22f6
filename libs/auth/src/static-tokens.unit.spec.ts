import { issueStaticToken, StaticTokens, tokenDigest } from './static-tokens';

describe(StaticTokens.name, () => {
  it('knows a token by its digest only and names its principal', () => {
    const { token, entry } = issueStaticToken({ subject: 'ops-bot', roles: ['operator'], agencies: ['moph'] });
    expect(entry.sha256).toBe(tokenDigest(token));
    expect(JSON.stringify(entry)).not.toContain(token);
    expect(new StaticTokens([entry]).principalOf(token)).toEqual({ subject: 'ops-bot', roles: ['operator'], agencies: ['moph'], via: 'static_token' });
  });

  it('knows no other token, however close', () => {
    const { token, entry } = issueStaticToken({ subject: 'ops-bot', roles: ['operator'] });
    const tokens = new StaticTokens([entry]);
    expect(tokens.principalOf(`${token}x`)).toBeUndefined();
    expect(tokens.principalOf(token.slice(1))).toBeUndefined();
  });
});
