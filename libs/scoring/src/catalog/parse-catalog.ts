import type { AttestationsFile, KpiCatalog } from '@govmetrics/contracts';
import { AttestationsFileSchema, issuePath, KpiCatalogSchema } from '@govmetrics/contracts';
import type { z } from 'zod';
import { parse } from 'yaml';
import { ScoringError } from '../scoring-error';

const describeIssues = (error: z.ZodError): string => error.issues.map((issue) => `  ${issuePath(issue.path)}: ${issue.message}`).join('\n');

function parseYaml(text: string, source: string, code: 'catalog.invalid' | 'attestations.invalid'): unknown {
  try {
    // Merge keys (<<) let a catalog reuse a measure under another id.
    return parse(text, { merge: true }) as unknown;
  } catch (cause) {
    throw new ScoringError(code, `${source} is not valid YAML: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** A KPI catalog from YAML (JSON is YAML too), validated; the error lists every broken field. */
export function parseCatalog(text: string, source = 'catalog'): KpiCatalog {
  const result = KpiCatalogSchema.safeParse(parseYaml(text, source, 'catalog.invalid'));
  if (!result.success) throw new ScoringError('catalog.invalid', `${source} is not a valid KPI catalog:\n${describeIssues(result.error)}`);
  return result.data;
}

/** Attested values from YAML, validated. */
export function parseAttestations(text: string, source = 'attestations'): AttestationsFile {
  const result = AttestationsFileSchema.safeParse(parseYaml(text, source, 'attestations.invalid'));
  if (!result.success) throw new ScoringError('attestations.invalid', `${source} is not a valid attestations file:\n${describeIssues(result.error)}`);
  return result.data;
}
