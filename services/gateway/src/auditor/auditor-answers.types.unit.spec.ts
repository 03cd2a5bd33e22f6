import type {
  CatalogChangeSchema,
  CatalogVersionSchema,
  FindingSchema,
  LedgerHistoryAnswerSchema,
  LedgerScorecardsAnswerSchema,
  LedgerVerificationAnswerSchema,
  ScorecardReportSchema,
} from '@govmetrics/contracts';
import type { catalogChange, catalogFromLedger, scoreFromLedger, verificationAnswer } from '@govmetrics/ledger';
import type { Finding, scoreCatalog } from '@govmetrics/scoring';
import type { z } from 'zod';
import type { LedgerHttpController } from './ledger.http.controller';
import type { ScorecardsHttpController } from './scorecards.http.controller';

/** `true` only when A and B are the same type (each optional, nullable and literal alike), else `false`. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only when handed `true`: the assertions below are checked by `tsc`, before any test runs. */
const typeCheck = <Verdict extends true>(): Verdict => true as Verdict;

type Answer<Method extends (...args: never[]) => unknown> = Awaited<ReturnType<Method>>;

describe('auditor HTTP answers and their contracts, as types', () => {
  it('each endpoint answers exactly its contract’s inferred type', () => {
    expect(typeCheck<Equal<Answer<ScorecardsHttpController['scorecards']>, z.infer<typeof LedgerScorecardsAnswerSchema>>>()).toBe(true);
    expect(typeCheck<Equal<Answer<LedgerHttpController['verify']>, z.infer<typeof LedgerVerificationAnswerSchema>>>()).toBe(true);
    expect(typeCheck<Equal<Answer<LedgerHttpController['history']>, z.infer<typeof LedgerHistoryAnswerSchema>>>()).toBe(true);
  });

  it('the functions that build those answers return exactly the contracts’ inferred types', () => {
    expect(typeCheck<Equal<Answer<typeof scoreFromLedger>, z.infer<typeof LedgerScorecardsAnswerSchema>>>()).toBe(true);
    expect(typeCheck<Equal<Answer<typeof scoreCatalog>, z.infer<typeof ScorecardReportSchema>>>()).toBe(true);
    expect(typeCheck<Equal<Finding, z.infer<typeof FindingSchema>>>()).toBe(true);
    expect(typeCheck<Equal<ReturnType<typeof catalogFromLedger>['version'], z.infer<typeof CatalogVersionSchema>>>()).toBe(true);
    expect(typeCheck<Equal<ReturnType<typeof verificationAnswer>, z.infer<typeof LedgerVerificationAnswerSchema>>>()).toBe(true);
    expect(typeCheck<Equal<ReturnType<typeof catalogChange>, z.infer<typeof CatalogChangeSchema>>>()).toBe(true);
  });

  it('the check fails on the drift it guards against: a field optional on one side, or one more field', () => {
    // @ts-expect-error an optional field is not a required one
    typeCheck<Equal<{ unit?: string }, { unit: string }>>();
    // @ts-expect-error a field the contract does not declare
    typeCheck<Equal<{ score: number; extra: number }, { score: number }>>();
    expect(typeCheck<Equal<{ score: number }, { score: number }>>()).toBe(true);
  });
});
