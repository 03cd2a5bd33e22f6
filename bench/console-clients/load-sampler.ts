// The machine's load while a phase runs: the 1-minute load average sampled every second, so that a result can be read
// against the load it ran under (the machine is shared and cannot be made idle for a run).
import { cpus, loadavg } from 'node:os';

export interface LoadSeen {
  min: number;
  max: number;
  mean: number;
  samples: number;
}

export class LoadSampler {
  private readonly seen: number[] = [];
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(everyMs = 1000) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  stop(): LoadSeen {
    clearInterval(this.timer);
    this.sample();
    const sum = this.seen.reduce((total, load) => total + load, 0);
    return { min: Math.min(...this.seen), max: Math.max(...this.seen), mean: sum / this.seen.length, samples: this.seen.length };
  }

  private sample(): void {
    this.seen.push(loadavg()[0] ?? NaN);
  }
}

export const describeLoad = ({ min, max, mean }: LoadSeen): string =>
  `1-minute load average ${min.toFixed(1)}–${max.toFixed(1)} (mean ${mean.toFixed(1)}) on ${cpus().length} cores`;
