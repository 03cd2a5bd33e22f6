import { type DynamicModule, Module } from '@nestjs/common';
import type { CredentialSource } from '@govmetrics/credentials';
import { CREDENTIAL_SOURCE, CredentialsAdminHttpController } from './credentials-admin.http.controller';

/** The admins' endpoints over the credential store: platforms' API keys and bearer tokens, issued and revoked as the token's subject. */
@Module({})
export class AdminModule {
  static forRoot(credentials: CredentialSource): DynamicModule {
    return { module: AdminModule, controllers: [CredentialsAdminHttpController], providers: [{ provide: CREDENTIAL_SOURCE, useValue: credentials }] };
  }
}
