/**
 * The three fake upstreams together, with the environment that points the portal at them.
 *
 *   const fakes = await startFakes();
 *   const portal = await startPortal({ env: fakes.env });
 *   await fakes.wttr.setFault('500');
 *   fakes.forgejo.requests.count('/api/v1/repos/search');
 *   await fakes.close();
 */
import { startFakeForgejo, type FakeForgejo, type FakeForgejoOptions } from './forgejo.js';
import { startFakeKuma, type FakeKuma, type FakeKumaOptions } from './kuma.js';
import {
  FAKE_WEATHER_LOCATION,
  startFakeWttr,
  type FakeWttr,
  type FakeWttrOptions,
} from './wttr.js';

export * from './server.js';
export * from './forgejo.js';
export * from './forgejo-data.js';
export * from './kuma.js';
export * from './wttr.js';
export * from './peer.js';

export interface FakesOptions {
  /** `rich`: dozens of repositories and the eleven KiteStacks monitors (the demo's data). */
  dataset?: 'basic' | 'rich';
  /** Anchor for generated timestamps (default: now). */
  nowMs?: number;
  forgejo?: FakeForgejoOptions;
  wttr?: FakeWttrOptions;
  kuma?: FakeKumaOptions;
  /** The location the portal is configured with (default "Heideck", the recorded sample's). */
  weatherLocation?: string;
}

export interface Fakes {
  forgejo: FakeForgejo;
  wttr: FakeWttr;
  kuma: FakeKuma;
  /**
   * FORGEJO_URL, FORGEJO_TOKEN, WTTR_URL, WEATHER_LOCATION, UPTIME_KUMA_URL and
   * UPTIME_KUMA_SLUG, ready to merge into the portal's environment.
   */
  env: Record<string, string>;
  /** Clears every fault and request log. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startFakes(options: FakesOptions = {}): Promise<Fakes> {
  const dataset = options.dataset ?? 'basic';
  const nowMs = options.nowMs ?? Date.now();
  const [forgejo, wttr, kuma] = await Promise.all([
    startFakeForgejo({ dataset, nowMs, ...options.forgejo }),
    startFakeWttr(options.wttr),
    startFakeKuma({ dataset, nowMs, ...options.kuma }),
  ]);
  const env: Record<string, string> = {
    FORGEJO_URL: forgejo.url,
    WTTR_URL: wttr.url,
    WEATHER_LOCATION: options.weatherLocation ?? FAKE_WEATHER_LOCATION,
    UPTIME_KUMA_URL: kuma.url,
    UPTIME_KUMA_SLUG: kuma.slug,
  };
  if (forgejo.token) env.FORGEJO_TOKEN = forgejo.token;
  const all = [forgejo, wttr, kuma];
  return {
    forgejo,
    wttr,
    kuma,
    env,
    async reset() {
      await Promise.all(all.map((fake) => fake.setFault(null)));
      for (const fake of all) fake.requests.reset();
    },
    async close() {
      await Promise.all(all.map((fake) => fake.close()));
    },
  };
}
