import type { KafkaPrincipalGrants } from './kafka-acl-table';

/** The table as docs/security.md prints it: one row per grant, principals in the table's order. */
export function aclMarkdown(table: readonly KafkaPrincipalGrants[]): string {
  const rows = table.flatMap(({ principal, grants }) =>
    grants.map((grant) => {
      const name = grant.pattern === 'prefixed' ? `\`${grant.name}*\`` : `\`${grant.name}\``;
      return `| \`${principal}\` | ${grant.resource} ${name} | ${grant.operations.join(', ')} | ${grant.why} |`;
    }),
  );
  return ['| principal | resource | operations | why |', '|---|---|---|---|', ...rows].join('\n');
}
