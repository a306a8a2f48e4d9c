/**
 * The CPU temperature from sysfs, read with async file reads: hwmon chips
 * (`class/hwmon/hwmon*`: `name`, `temp*_input`, `temp*_label`) and thermal zones
 * (`class/thermal/thermal_zone*`: `type`, `temp`). systeminformation reads the same files
 * through `execSync`, which blocked the event loop for up to 52 ms once a minute.
 *
 * Discovery walks both classes once and keeps the best sensor; each later reading is one
 * file. A sensor that stops answering (a driver reloaded) is looked for again.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** What sysfs says: a temperature, no CPU sensor listed, or no sysfs to ask at all. */
export type SysfsTemperature = { celsius: number } | 'no-sensor' | 'no-sysfs';

export interface SensorCandidate {
  /** Sysfs file holding millidegrees Celsius. */
  file: string;
  /** Lower is better: how surely this sensor is the CPU package. */
  rank: number;
}

/**
 * hwmon chips and labels, best first: AMD's die/control temperature (Tdie is Tctl without
 * the offset some models add), Intel's package, the SoC sensor of ARM boards, then the
 * ACPI zone, which is often the motherboard rather than the CPU.
 */
export function rankHwmon(chip: string, label: string | null): number | null {
  const name = chip.toLowerCase();
  const tag = label?.trim().toLowerCase() ?? null;
  if (name === 'k10temp' || name === 'zenpower') {
    if (tag === 'tdie') return 0;
    // Older k10temp drivers expose one unlabelled input: that is Tctl.
    if (tag === 'tctl' || tag === null) return 1;
    return 5;
  }
  if (name === 'coretemp') {
    if (tag?.startsWith('package id')) return 2;
    return 6;
  }
  if (name === 'cpu_thermal' || name === 'cpu-thermal' || name === 'soc_thermal') return 3;
  if (name === 'acpitz') return 8;
  return null;
}

/** Thermal zone types: Intel's package zone, ARM SoC zones, any other CPU zone, ACPI last. */
export function rankZone(type: string): number | null {
  const name = type.trim().toLowerCase();
  if (name === 'x86_pkg_temp') return 2;
  if (name === 'cpu-thermal' || name === 'cpu_thermal' || name === 'soc-thermal') return 3;
  if (name.includes('cpu')) return 4;
  if (name === 'acpitz') return 8;
  return null;
}

/** Millidegrees as written by the kernel; nonsense (a disconnected probe) is no reading. */
export function parseMillidegrees(text: string): number | null {
  const value = Number(text.trim()) / 1000;
  // A CPU in a running host is above freezing and below any real trip point.
  return Number.isFinite(value) && value > 0 && value < 150 ? value : null;
}

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

async function list(dir: string): Promise<string[] | null> {
  try {
    return await readdir(dir);
  } catch {
    return null;
  }
}

async function hwmonCandidates(root: string, chips: string[]): Promise<SensorCandidate[]> {
  const found = await Promise.all(
    chips.map(async (chip) => {
      const dir = path.join(root, chip);
      const [name, files] = await Promise.all([readText(path.join(dir, 'name')), list(dir)]);
      if (name === null || files === null) return [];
      const inputs = files.filter((file) => /^temp\d+_input$/.test(file));
      return Promise.all(
        inputs.map(async (input) => {
          const label = await readText(path.join(dir, input.replace('_input', '_label')));
          const rank = rankHwmon(name.trim(), label);
          return rank === null ? null : { file: path.join(dir, input), rank };
        }),
      );
    }),
  );
  return found.flat().filter((candidate) => candidate !== null);
}

async function zoneCandidates(root: string, zones: string[]): Promise<SensorCandidate[]> {
  const found = await Promise.all(
    zones
      .filter((zone) => zone.startsWith('thermal_zone'))
      .map(async (zone) => {
        const type = await readText(path.join(root, zone, 'type'));
        const rank = type === null ? null : rankZone(type);
        return rank === null ? null : { file: path.join(root, zone, 'temp'), rank };
      }),
  );
  return found.filter((candidate) => candidate !== null);
}

export class SysfsTemperatureReader {
  readonly #root: string;
  #best: string | null = null;

  /** `root` is the sysfs mount point (`/sys`; a recorded tree in tests). */
  constructor(root: string) {
    this.#root = root;
  }

  async read(): Promise<SysfsTemperature> {
    if (this.#best) {
      const celsius = parseMillidegrees((await readText(this.#best)) ?? '');
      if (celsius !== null) return { celsius };
      this.#best = null;
    }
    return this.#discover();
  }

  async #discover(): Promise<SysfsTemperature> {
    const hwmonRoot = path.join(this.#root, 'class', 'hwmon');
    const thermalRoot = path.join(this.#root, 'class', 'thermal');
    const [chips, zones] = await Promise.all([list(hwmonRoot), list(thermalRoot)]);
    if (chips === null && zones === null) return 'no-sysfs';
    const candidates = [
      ...(await hwmonCandidates(hwmonRoot, chips ?? [])),
      ...(await zoneCandidates(thermalRoot, zones ?? [])),
    ];
    // At equal rank: hwmon before thermal zones (`class/hwmon` sorts first), then hwmon0 before hwmon1.
    candidates.sort(
      (a, b) => a.rank - b.rank || a.file.localeCompare(b.file, 'en', { numeric: true }),
    );
    for (const candidate of candidates) {
      const celsius = parseMillidegrees((await readText(candidate.file)) ?? '');
      if (celsius === null) continue;
      this.#best = candidate.file;
      return { celsius };
    }
    return 'no-sensor';
  }
}
