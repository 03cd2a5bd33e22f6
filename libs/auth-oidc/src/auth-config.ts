import { listField } from '@govmetrics/config';
import { StaticTokenSchema } from '@govmetrics/contracts';
import { z } from 'zod';

const staticTokensField = z
  .string()
  .default('[]')
  .transform((raw, context) => {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: 'set AUTH_STATIC_TOKENS to a JSON array of {subject, roles, sha256[, platform][, agencies]}' });
      return z.NEVER;
    }
  })
  .pipe(z.array(StaticTokenSchema));

/** Who the services believe: static tokens (by digest) and, when AUTH_OIDC_ISSUER is set, JWTs of that OpenID Connect provider. */
export const AuthConfigSchema = z.object({
  AUTH_STATIC_TOKENS: staticTokensField,
  /** The provider's issuer URL, exactly as its tokens' `iss`; unset = no JWT is accepted. */
  AUTH_OIDC_ISSUER: z.url().optional(),
  /** The `aud` tokens must carry for this deployment. */
  AUTH_OIDC_AUDIENCE: z.string().min(1).default('govmetrics'),
  /** Unset: the `jwks_uri` of the issuer's discovery document. */
  AUTH_OIDC_JWKS_URL: z.url().optional(),
  AUTH_OIDC_ALGORITHMS: listField('RS256,PS256,ES256,EdDSA'),
  /** How far `exp`/`nbf` may be off between the provider's clock and ours. */
  AUTH_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /** The claim listing a principal's roles (an array, or a space-separated string). */
  AUTH_OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
  /** The claim listing the agencies an operator is limited to (e.g. a namespaced `govmetrics_agencies`); absent = all agencies. */
  AUTH_OIDC_AGENCIES_CLAIM: z.string().min(1).default('agencies'),
});

export type AuthConfig = z.infer<typeof AuthConfigSchema>;
