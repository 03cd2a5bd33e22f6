import type { EndpointAccess } from '@govmetrics/contracts';
import { ACCESS_MATRIX, ROLES } from '@govmetrics/contracts';

const cell = (row: EndpointAccess, role: (typeof ROLES)[number]): string => {
  if (row.roles === 'open') return row.detailRoles?.includes(role) ? 'yes, with detail' : 'yes';
  if (!row.roles.includes(role)) return '403';
  if (role === 'operator' && row.scope?.agency) return 'yes (its agencies)';
  if (role === 'platform' && row.scope?.platform) return 'yes (its own)';
  return 'yes';
};

/** The access matrix as the Markdown table docs/security.md prints (a test keeps the two equal). */
export function accessMatrixTable(matrix: readonly EndpointAccess[] = ACCESS_MATRIX): string {
  const header = `| service | endpoint | ${ROLES.join(' | ')} | no token | what |`;
  const rule = `|${' --- |'.repeat(ROLES.length + 4)}`;
  const rows = matrix.map((row) => {
    const path = row.path.replace(/:(\w+)/g, '{$1}');
    return (
      `| ${row.service} | \`${row.method} ${path}\` | ${ROLES.map((role) => cell(row, role)).join(' | ')} | ` +
      `${row.roles === 'open' ? 'yes' : '401'} | ${row.what} |`
    );
  });
  return [header, rule, ...rows].join('\n');
}
