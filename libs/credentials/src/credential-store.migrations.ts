/** The store's migrations, applied in order once each; `schema_migrations` records which ran. `$schema` is the quoted schema. */
export const CREDENTIAL_MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE $schema.credentials (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('api_key', 'token')),
        sha256 bytea NOT NULL UNIQUE,
        subject text NOT NULL,
        roles text[] NOT NULL,
        platform text,
        agencies text[],
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        reason text NOT NULL,
        expires_at timestamptz,
        revoked_at timestamptz,
        revoked_by text,
        revoke_reason text
      );
      CREATE TABLE $schema.credential_audit (
        seq bigint PRIMARY KEY,
        at timestamptz NOT NULL,
        action text NOT NULL CHECK (action IN ('issued', 'revoked')),
        credential_id uuid NOT NULL,
        kind text NOT NULL,
        who text NOT NULL,
        why text NOT NULL,
        grant_json text NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL
      );
      -- Append-only: a changed or deleted record is refused by the server (the hash chain catches whoever disables this).
      CREATE FUNCTION $schema.credential_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'credential_audit is append-only'; END $$;
      CREATE TRIGGER credential_audit_append_only BEFORE UPDATE OR DELETE ON $schema.credential_audit
        FOR EACH ROW EXECUTE FUNCTION $schema.credential_audit_append_only();
      CREATE TRIGGER credential_audit_no_truncate BEFORE TRUNCATE ON $schema.credential_audit
        FOR EACH STATEMENT EXECUTE FUNCTION $schema.credential_audit_append_only();
    `,
  },
];
