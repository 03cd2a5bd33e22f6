import { z } from 'zod';
import { RoleSchema } from './access.schema';

/**
 * `GET /v1/session`: who the bearer token is and which gateway routes its roles admit, as `METHOD /path` rows of the
 * access matrix. The console shows an action only when its route is listed; the gateway still judges every call.
 */
export const SessionAnswerSchema = z
  .object({
    subject: z.string().min(1).describe("The token's subject: what the ledger records as who"),
    roles: z.array(RoleSchema),
    routes: z.array(z.string()).describe('The gateway routes these roles admit, e.g. "POST /v1/alerts/:alert/acknowledgements"'),
  })
  .strict();

export type SessionAnswer = z.infer<typeof SessionAnswerSchema>;
