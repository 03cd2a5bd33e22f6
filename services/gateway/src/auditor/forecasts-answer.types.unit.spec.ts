import type { ForecastsAnswerSchema, MeasureForecastSchema, NodeForecastSchema } from '@govmetrics/contracts';
import type { CatalogForecast, MeasureForecast, NodeForecast } from '@govmetrics/foresight';
import type { z } from 'zod';
import type { ForecastsHttpController } from './forecasts.http.controller';

/** `true` only when A and B are the same type (each optional, nullable and literal alike), else `false`. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only when handed `true`: checked by `tsc`, before any test runs. */
const typeCheck = <Verdict extends true>(): Verdict => true as Verdict;

type Answer = z.infer<typeof ForecastsAnswerSchema>;

describe('the forecasts answer and its contract, as types', () => {
  it("answers exactly the contract's inferred type, built from libs/foresight's forecast without a field lost or added", () => {
    expect(typeCheck<Equal<Awaited<ReturnType<ForecastsHttpController['forecasts']>>, Answer>>()).toBe(true);
    expect(typeCheck<Equal<MeasureForecast, z.infer<typeof MeasureForecastSchema>>>()).toBe(true);
    expect(typeCheck<Equal<NodeForecast, z.infer<typeof NodeForecastSchema>>>()).toBe(true);
    expect(typeCheck<Equal<keyof CatalogForecast | 'catalogVersion', keyof Answer>>()).toBe(true);
  });
});
