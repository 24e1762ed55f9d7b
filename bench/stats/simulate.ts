/**
 * The benchmark's seeded trial: two arms 1:1, exponential event times with hazard ratio 0.7
 * (experimental vs control) and log-hazard 0.2 per unit of a standard-normal covariate, about 30 %
 * censored by an independent exponential censoring time. Times are whole days (as trial data are),
 * so event times tie often and the Efron correction does real work.
 */
import { prng } from '../population/basics.ts';

export interface SimulatedTrial {
  time: Float64Array;
  event: Uint8Array;
  arm: string[];
  x: Float64Array;
}

export const ARMS = ['control', 'experimental'] as const;
const CONTROL_MEDIAN_DAYS = 270;
const HAZARD_RATIO = 0.7;
const COVARIATE_LOG_HR = 0.2;
/** Censoring hazard relative to the control hazard that gives ~30 % censoring overall. */
const CENSORING_RATIO = 0.36;

export function simulateTrial(n: number, seed = 20211203): SimulatedTrial {
  const random = prng(seed);
  const uniform = () => 1 - random(); // (0, 1]: safe for log
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  const arm: string[] = new Array(n);
  const x = new Float64Array(n);
  const baseHazard = Math.LN2 / CONTROL_MEDIAN_DAYS;
  for (let i = 0; i < n; i++) {
    const experimental = random() < 0.5;
    arm[i] = ARMS[experimental ? 1 : 0];
    // Box–Muller: one standard normal from two uniforms.
    x[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * random());
    const hazard =
      baseHazard * (experimental ? HAZARD_RATIO : 1) * Math.exp(COVARIATE_LOG_HR * (x[i] as number));
    const eventTime = -Math.log(uniform()) / hazard;
    const censorTime = -Math.log(uniform()) / (baseHazard * CENSORING_RATIO);
    const observed = Math.min(eventTime, censorTime);
    time[i] = Math.max(1, Math.ceil(observed));
    event[i] = eventTime <= censorTime ? 1 : 0;
  }
  return { time, event, arm, x };
}

/** The same data as CSV (time,event,arm,x) for R; x with 17 significant digits so R reads the same doubles. */
export function trialCsv(trial: SimulatedTrial): string {
  const lines = ['time,event,arm,x'];
  for (let i = 0; i < trial.time.length; i++) {
    lines.push(
      `${trial.time[i]},${trial.event[i]},${trial.arm[i]},${(trial.x[i] as number).toPrecision(17)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
