export interface PlatformEntry {
  id: string;
  name: string;
  metrics: string[];
}

declare const __PLATFORMS__: PlatformEntry[];

/** The platforms and metrics of catalogs/platforms.yaml, put in at build time (vite.config.mjs). */
export const PLATFORMS: readonly PlatformEntry[] = __PLATFORMS__;
