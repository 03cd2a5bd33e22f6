import type { CatalogForecast } from '@govmetrics/foresight';
import { DEFAULT_FORECAST_METHOD, forecastCatalog } from '@govmetrics/foresight';
import type { LedgerCatalog } from '@govmetrics/ledger';
import type { RunningAggregateReader } from '@govmetrics/scoring';
import { periodDays } from '@govmetrics/scoring';

/**
 * Forecasts for the evaluator: the scored catalog as the ledger holds it on the day, forecast by the default method.
 * A forecast reads every day of the period so far, so it is made again only when the day, the catalog version or a
 * platform's newest event moved; a day outside the catalog's period has no forecast (its rules stay unjudged).
 */
export function alertForecasts(catalogOn: (day: string) => LedgerCatalog, reader: RunningAggregateReader) {
  let cached: { key: string; forecasts: Map<string, CatalogForecast> } | undefined;
  return async (day: string, catalogIds: ReadonlySet<string>, newestEvents: ReadonlyMap<string, string>): Promise<Map<string, CatalogForecast>> => {
    const { catalog, attestations, version } = catalogOn(day);
    const { fromDay, toDay } = periodDays(catalog.period);
    if (!catalogIds.has(catalog.id) || day < fromDay || day > toDay) return new Map();
    const key = JSON.stringify([day, version.digest, [...newestEvents]]);
    if (cached?.key !== key) {
      const forecast = await forecastCatalog(catalog, { reader, attestations }, day, DEFAULT_FORECAST_METHOD);
      cached = { key, forecasts: new Map([[catalog.id, forecast]]) };
    }
    return cached.forecasts;
  };
}
