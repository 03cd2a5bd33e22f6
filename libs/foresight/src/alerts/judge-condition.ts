import type { AlertCondition } from '@govmetrics/contracts';
import { bangkokDay } from '@govmetrics/contracts';
import { addDays } from '../days';
import type { MeasureForecast, NodeForecast } from '../forecast/forecast-report';
import type { AlertInputs, Judgement } from './alert-inputs';
import { projectorWatermark } from './projector-watermark';

const HOUR_MS = 3_600_000;
const figure = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 2 });

type Found = { kind: 'node'; node: NodeForecast } | { kind: 'measure'; measure: MeasureForecast };

/**
 * The scorecard, composite, indicator or measure `id` in a forecast's trees, nodes first: a status-change rule on a
 * single-target indicator (whose one measure bears its id) watches the indicator, whose status covers the measure's.
 */
function find(nodes: readonly NodeForecast[], id: string): Found | undefined {
  for (const node of nodes) {
    if (node.id === id) return { kind: 'node', node };
    const measure = node.measures.find((candidate) => candidate.id === id);
    if (measure) return { kind: 'measure', measure };
    const below = find(node.children, id);
    if (below) return below;
  }
  return undefined;
}

/** The measure `id`: a threshold is on a measure's figures, even where an indicator bears the same id (A3 and its measure A3). */
function findMeasure(nodes: readonly NodeForecast[], id: string): MeasureForecast | undefined {
  for (const node of nodes) {
    const measure = node.measures.find((candidate) => candidate.id === id) ?? findMeasure(node.children, id);
    if (measure) return measure;
  }
  return undefined;
}

const hoursBetween = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / HOUR_MS;
const rounded = (hours: number): number => Math.round(hours * 100) / 100;

/**
 * Silence is judged up to the projector's low watermark, not the reference: events of a partition the projector has not
 * folded yet are in Kafka, not missing. A platform whose newest event is within the rule's hours of the reference is
 * sending, whatever the projector's progress; otherwise the rule fires only when it was silent that long before the
 * watermark, and is deferred while the watermark is unknown, more than the rule's hours behind the reference, or too
 * recent to tell (its events may be waiting): a watermark that moves back never resolves an alert.
 */
function silence(condition: Extract<AlertCondition, { kind: 'platform-silent' }>, inputs: AlertInputs): Judgement | undefined {
  const newest = inputs.newestEvents.get(condition.platform);
  if (newest === undefined) return undefined;
  const { platform } = condition;
  const watermark = projectorWatermark(inputs.projector, inputs.reference);
  const observed = { platform, newestEvent: newest, reference: inputs.reference, watermark };
  const sinceReference = hoursBetween(newest, inputs.reference);
  if (sinceReference <= condition.hours) {
    const summary = `${platform}'s newest event (${newest}) is ${figure(sinceReference)} h behind ${inputs.reference}: sending again`;
    return { holds: false, summary, observed: { ...observed, hoursBehind: rounded(sinceReference) } };
  }
  const deferred = (why: string): Judgement => ({ holds: null, summary: `${why}: ${platform}'s silence is not judged yet`, observed });
  if (watermark === null) return deferred("the projector's progress is unknown");
  const lag = hoursBetween(watermark, inputs.reference);
  if (lag > condition.hours) return deferred(`the projector has folded only up to ${watermark}, ${figure(lag)} h behind ${inputs.reference}`);
  const hours = hoursBetween(newest, watermark);
  const behind = `${platform}'s newest event (${newest}) is ${figure(hours)} h behind ${watermark}, what the projector has folded up to`;
  if (hours <= condition.hours) return deferred(behind);
  const summary = `${behind}: silent for more than ${figure(condition.hours)} h`;
  return { holds: true, summary, observed: { ...observed, hoursBehind: rounded(hours) } };
}

function threshold(condition: Extract<AlertCondition, { kind: 'forecast-threshold' }>, inputs: AlertInputs): Judgement | undefined {
  const forecast = inputs.forecasts.get(condition.catalogId);
  if (forecast === undefined) return undefined;
  const measure = findMeasure(forecast.scorecards, condition.measureId);
  if (measure === undefined) return undefined;
  const interval = condition.of === 'score' ? measure.score : measure.forecast;
  if (interval === null) return undefined;
  const value = interval.expected;
  const holds = condition.when === 'below' ? value < condition.value : value > condition.value;
  const what = `${condition.measureId}'s projected period-end ${condition.of} ${figure(value)}`;
  return {
    holds,
    summary: `${what} is ${holds ? '' : 'no longer '}${condition.when} ${figure(condition.value)} (as of ${forecast.asOf})`,
    observed: { measureId: condition.measureId, of: condition.of, expected: value, low: interval.low, high: interval.high, asOf: forecast.asOf },
  };
}

function status(condition: Extract<AlertCondition, { kind: 'status-change' }>, inputs: AlertInputs): Judgement | undefined {
  const forecast = inputs.forecasts.get(condition.catalogId);
  if (forecast === undefined) return undefined;
  const found = find(forecast.scorecards, condition.nodeId);
  if (!found) return undefined;
  const now = found.kind === 'node' ? found.node.status : found.measure.status;
  const holds = condition.to.includes(now);
  return {
    holds,
    summary: `${condition.nodeId} is ${now} (as of ${forecast.asOf}, forecast to ${forecast.periodEnd})`,
    observed: { nodeId: condition.nodeId, status: now, asOf: forecast.asOf },
  };
}

function provisional(condition: Extract<AlertCondition, { kind: 'provisional-past-deadline' }>, inputs: AlertInputs): Judgement | undefined {
  const snapshot = inputs.snapshots?.get(`${condition.catalogId}/${condition.scorecardId}`);
  if (snapshot === undefined) return undefined;
  const asOfDay = bangkokDay(Date.parse(snapshot.asOf));
  // The as-of day ends at midnight Bangkok time (UTC+7) at its end.
  const hours = (Date.parse(inputs.reference) - Date.parse(`${addDays(asOfDay, 1)}T00:00:00+07:00`)) / HOUR_MS;
  const holds = snapshot.provisional && hours > condition.hours;
  const what = `scorecard ${condition.scorecardId} as of ${asOfDay}`;
  return {
    holds,
    summary: snapshot.provisional ? `${what} is still provisional ${figure(hours)} h after that day ended` : `${what} is final`,
    observed: { scorecardId: condition.scorecardId, asOfDay, provisional: snapshot.provisional, hoursAfter: rounded(hours) },
  };
}

/** Whether `condition` holds on `inputs`; undefined when the inputs cannot say (no forecast of it, a platform never seen). */
export function judgeCondition(condition: AlertCondition, inputs: AlertInputs): Judgement | undefined {
  switch (condition.kind) {
    case 'platform-silent':
      return silence(condition, inputs);
    case 'forecast-threshold':
      return threshold(condition, inputs);
    case 'status-change':
      return status(condition, inputs);
    case 'provisional-past-deadline':
      return provisional(condition, inputs);
  }
}
