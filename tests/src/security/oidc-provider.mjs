// A real OpenID Connect provider (panva's oidc-provider, ESM-only, hence a process of its own) for the security tests.
// Usage: node oidc-provider.mjs PORT SETUP.json, SETUP = { keys: [private JWK], clients: [{ client_id, client_secret,
// roles, agencies?, platform?, audience, ttl? }] }. Issues client-credentials JWT access tokens carrying the client's roles.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const [port, setupFile] = process.argv.slice(2);
const { keys, clients } = JSON.parse(readFileSync(setupFile, 'utf8'));
const issuer = `http://127.0.0.1:${port}`;
const byId = new Map(clients.map((client) => [client.client_id, client]));

const provider = new Provider(issuer, {
  jwks: { keys },
  clients: clients.map(({ client_id, client_secret }) => ({
    client_id,
    client_secret,
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
    token_endpoint_auth_method: 'client_secret_post',
    scope: 'api',
  })),
  scopes: ['api'],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: (_ctx, client) => byId.get(client.clientId).audience,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource, client) => ({
        scope: 'api',
        audience: resource,
        accessTokenFormat: 'jwt',
        accessTokenTTL: byId.get(client.clientId).ttl ?? 600,
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  extraTokenClaims: (_ctx, token) => {
    const { roles, agencies, platform } = byId.get(token.clientId);
    return { roles, ...(agencies ? { agencies } : {}), ...(platform ? { platform } : {}) };
  },
});

provider.listen(Number(port), '127.0.0.1', () => console.log(`oidc provider listening on ${issuer}`));
