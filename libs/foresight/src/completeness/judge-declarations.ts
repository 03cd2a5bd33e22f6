import type { CompletenessDeclaration, PlatformCatalog, Rejection } from '@govmetrics/contracts';
import { COMPLETENESS_RULES, CompletenessRequestSchema, toRejections } from '@govmetrics/contracts';

/** Who declares, what the platform catalog lists, and the Bangkok day today is (the last day that may be declared). */
export interface DeclarationContext {
  platform: string;
  catalog: PlatformCatalog;
  today: string;
}

/**
 * `invalid`: the request breaks its contract or names what cannot be declared (an unknown metric, a day not yet begun);
 * `forbidden`: it declares for another platform. Every fault is listed with its JSON path; nothing of it may be recorded.
 */
export type DeclarationJudgement =
  | { verdict: 'accepted'; declarations: CompletenessDeclaration[] }
  | { verdict: 'invalid'; rejections: Rejection[] }
  | { verdict: 'forbidden'; rejections: Rejection[] };

function faultsOf(declaration: CompletenessDeclaration, index: number, { platform, catalog, today }: DeclarationContext): Rejection[] {
  const at = `$[${index}]`;
  if (declaration.platform !== platform) {
    const message = `platform "${platform}" declares only its own days, not "${declaration.platform}"'s`;
    return [{ path: `${at}.platform`, rule: COMPLETENESS_RULES.platformNotOwn, message }];
  }
  const faults: Rejection[] = [];
  if (!catalog.platforms[platform]?.metrics[declaration.metric]) {
    const message = `the platform catalog lists no metric "${declaration.metric}" for platform "${platform}"`;
    faults.push({ path: `${at}.metric`, rule: COMPLETENESS_RULES.unknownMetric, message });
  }
  if (declaration.day > today) {
    faults.push({ path: `${at}.day`, rule: COMPLETENESS_RULES.dayInFuture, message: `${declaration.day} has not begun in Bangkok (today is ${today})` });
  }
  return faults;
}

/** Judges a `POST /v1/completeness` body (parsed JSON) for a platform: all of it is accepted, or none. */
export function judgeDeclarations(body: unknown, context: DeclarationContext): DeclarationJudgement {
  const parsed = CompletenessRequestSchema.safeParse(body);
  if (!parsed.success) return { verdict: 'invalid', rejections: toRejections(parsed.error) };
  const faults = parsed.data.flatMap((declaration, index) => faultsOf(declaration, index, context));
  const foreign = faults.filter((fault) => fault.rule === COMPLETENESS_RULES.platformNotOwn);
  if (foreign.length > 0) return { verdict: 'forbidden', rejections: foreign };
  return faults.length > 0 ? { verdict: 'invalid', rejections: faults } : { verdict: 'accepted', declarations: parsed.data };
}
