import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { AdminError } from '@govmetrics/contracts';
import { CredentialStoreError, type CredentialStoreErrorCode } from '@govmetrics/credentials';
import type { FastifyReply } from 'fastify';
import { AdminRefusal } from './admin-refusal';

const ANSWERS: Partial<Record<CredentialStoreErrorCode, AdminError['error']>> = {
  CREDENTIAL_NOT_FOUND: 'not_found',
  CREDENTIAL_ALREADY_REVOKED: 'already_revoked',
  CREDENTIAL_STORE_UNAVAILABLE: 'credential_store_unavailable',
};

/** Maps an admin's change that failed to HTTP, once, at the edge: 400/404/409, an unreachable store 503, else 500 (logged, no detail). */
@Catch(AdminRefusal, CredentialStoreError)
export class AdminErrorsFilter implements ExceptionFilter {
  catch(error: AdminRefusal | CredentialStoreError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const refusal = error instanceof AdminRefusal ? error : this.refusalOf(error);
    if (refusal) return void reply.status(refusal.status).send(refusal.body);
    Logger.error(`an admin's change failed: ${error.message}`, 'Admin');
    void reply.status(500).send({ statusCode: 500, message: 'Internal server error' });
  }

  private refusalOf(error: CredentialStoreError): AdminRefusal | undefined {
    const answer = ANSWERS[error.code];
    return answer && new AdminRefusal({ error: answer, message: error.message }, { cause: error });
  }
}
