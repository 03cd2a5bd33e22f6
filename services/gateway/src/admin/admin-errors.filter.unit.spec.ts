import type { ArgumentsHost } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { CredentialStoreError } from '@govmetrics/credentials';
import { AdminErrorsFilter } from './admin-errors.filter';
import { AdminRefusal } from './admin-refusal';

/** What the filter answered: the status and body it sent on a fake reply. */
function answerTo(error: AdminRefusal | CredentialStoreError): { status: number; body: unknown } {
  const sent = { status: 0, body: undefined as unknown };
  const reply = {
    status: (code: number) => {
      sent.status = code;
      return { send: (body: unknown) => (sent.body = body) };
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ArgumentsHost;
  new AdminErrorsFilter().catch(error, host);
  return sent;
}

describe(AdminErrorsFilter.name, () => {
  it('answers each store refusal with its status and code, naming what happened', () => {
    expect(answerTo(new CredentialStoreError('CREDENTIAL_NOT_FOUND', 'no token has id x'))).toEqual({
      status: 404,
      body: { error: 'not_found', message: 'no token has id x' },
    });
    expect(answerTo(new CredentialStoreError('CREDENTIAL_ALREADY_REVOKED', 'revoked by dev-admin'))).toMatchObject({
      status: 409,
      body: { error: 'already_revoked' },
    });
    expect(answerTo(new CredentialStoreError('CREDENTIAL_STORE_UNAVAILABLE', 'ECONNREFUSED', true))).toMatchObject({
      status: 503,
      body: { error: 'credential_store_unavailable' },
    });
    expect(answerTo(new AdminRefusal({ error: 'invalid_request', message: 'reason: Required' }))).toMatchObject({ status: 400 });
  });

  it('answers a failure that is not the caller’s with a bare 500, the detail only in the log', () => {
    const logged = jest.spyOn(Logger, 'error').mockImplementation(() => undefined);
    try {
      const answer = answerTo(new CredentialStoreError('CREDENTIAL_STORE_FAILED', 'permission denied for table credentials'));
      expect(answer).toEqual({ status: 500, body: { statusCode: 500, message: 'Internal server error' } });
      expect(logged).toHaveBeenCalledWith(expect.stringContaining('permission denied'), 'Admin');
    } finally {
      logged.mockRestore();
    }
  });
});
