/** Set while an SDK is started; every helper checks it first, so with tracing off none touches the OpenTelemetry API. */
let active = false;

export const tracingActive = (): boolean => active;

export function setTracingActive(value: boolean): void {
  active = value;
}
