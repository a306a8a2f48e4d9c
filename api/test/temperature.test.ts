/**
 * The CPU temperature from recorded sysfs trees: the sensor a person would call "the CPU"
 * on each kind of host, never the board's ACPI zone when a better one exists, and no
 * sensor at all said plainly.
 */
import { renameSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LinuxHostSource } from '../src/sampler/linux-source.js';
import { parseMillidegrees, SysfsTemperatureReader } from '../src/sampler/temperature.js';
import { writeTree, type Tree } from './helpers/tree.js';

const trees: Tree[] = [];
function sysfs(files: Record<string, string>): string {
  const tree = writeTree(files);
  trees.push(tree);
  return tree.root;
}
afterEach(() => {
  for (let tree = trees.pop(); tree; tree = trees.pop()) tree.remove();
});

const read = (root: string) => new SysfsTemperatureReader(root).read();

/** A Ryzen laptop: ACPI zone, NVMe drive, k10temp with Tctl and a CCD sensor. */
const ryzen = {
  'class/hwmon/hwmon0/name': 'acpitz\n',
  'class/hwmon/hwmon0/temp1_input': '27800\n',
  'class/hwmon/hwmon1/name': 'nvme\n',
  'class/hwmon/hwmon1/temp1_label': 'Composite\n',
  'class/hwmon/hwmon1/temp1_input': '38850\n',
  'class/hwmon/hwmon2/name': 'k10temp\n',
  'class/hwmon/hwmon2/temp1_label': 'Tctl\n',
  'class/hwmon/hwmon2/temp1_input': '55250\n',
  'class/hwmon/hwmon2/temp3_label': 'Tccd1\n',
  'class/hwmon/hwmon2/temp3_input': '51000\n',
  'class/thermal/thermal_zone0/type': 'acpitz\n',
  'class/thermal/thermal_zone0/temp': '27800\n',
};

describe('CPU temperature from sysfs', () => {
  it('AMD: k10temp Tctl, not the ACPI zone, the drive or a CCD', async () => {
    expect(await read(sysfs(ryzen))).toEqual({ celsius: 55.25 });
  });

  it('AMD with Tdie: Tdie, which is Tctl without the offset some models add', async () => {
    const root = sysfs({
      ...ryzen,
      'class/hwmon/hwmon2/temp2_label': 'Tdie\n',
      'class/hwmon/hwmon2/temp2_input': '45250\n',
      'class/hwmon/hwmon2/temp1_input': '65250\n',
    });
    expect(await read(root)).toEqual({ celsius: 45.25 });
  });

  it('AMD with the zenpower driver', async () => {
    const root = sysfs({
      'class/hwmon/hwmon3/name': 'zenpower\n',
      'class/hwmon/hwmon3/temp1_label': 'Tdie\n',
      'class/hwmon/hwmon3/temp1_input': '47125\n',
    });
    expect(await read(root)).toEqual({ celsius: 47.125 });
  });

  it('Intel: coretemp Package id 0 before cores, ACPI and the package zone', async () => {
    const root = sysfs({
      'class/hwmon/hwmon0/name': 'acpitz\n',
      'class/hwmon/hwmon0/temp1_input': '27800\n',
      'class/hwmon/hwmon4/name': 'coretemp\n',
      'class/hwmon/hwmon4/temp2_label': 'Core 0\n',
      'class/hwmon/hwmon4/temp2_input': '52000\n',
      'class/hwmon/hwmon4/temp1_label': 'Package id 0\n',
      'class/hwmon/hwmon4/temp1_input': '48000\n',
      'class/thermal/thermal_zone0/type': 'acpitz\n',
      'class/thermal/thermal_zone0/temp': '27800\n',
      'class/thermal/thermal_zone1/type': 'x86_pkg_temp\n',
      'class/thermal/thermal_zone1/temp': '49000\n',
      'class/thermal/cooling_device0/type': 'Processor\n',
    });
    expect(await read(root)).toEqual({ celsius: 48 });
  });

  it('Intel without coretemp loaded: the x86_pkg_temp zone, not acpitz', async () => {
    const root = sysfs({
      'class/thermal/thermal_zone0/type': 'acpitz\n',
      'class/thermal/thermal_zone0/temp': '27800\n',
      'class/thermal/thermal_zone1/type': 'x86_pkg_temp\n',
      'class/thermal/thermal_zone1/temp': '49000\n',
    });
    expect(await read(root)).toEqual({ celsius: 49 });
  });

  it('Raspberry Pi: the cpu-thermal zone (and its hwmon twin)', async () => {
    expect(
      await read(
        sysfs({
          'class/thermal/thermal_zone0/type': 'cpu-thermal\n',
          'class/thermal/thermal_zone0/temp': '51540\n',
        }),
      ),
    ).toEqual({ celsius: 51.54 });
    expect(
      await read(
        sysfs({
          'class/hwmon/hwmon0/name': 'cpu_thermal\n',
          'class/hwmon/hwmon0/temp1_input': '50000\n',
          'class/thermal/thermal_zone0/type': 'cpu-thermal\n',
          'class/thermal/thermal_zone0/temp': '51540\n',
        }),
      ),
    ).toEqual({ celsius: 50 });
  });

  it('only an ACPI zone: that, as the last resort', async () => {
    const root = sysfs({
      'class/hwmon/hwmon0/name': 'acpitz\n',
      'class/hwmon/hwmon0/temp1_input': '30000\n',
    });
    expect(await read(root)).toEqual({ celsius: 30 });
  });

  it('skips a sensor that reads nonsense (a disconnected probe)', async () => {
    const root = sysfs({
      ...ryzen,
      'class/hwmon/hwmon2/temp1_input': '-273000\n',
    });
    // The CCD sensor of the same chip comes before the ACPI zone.
    expect(await read(root)).toEqual({ celsius: 51 });
    expect(parseMillidegrees('0')).toBeNull();
    expect(parseMillidegrees('garbage')).toBeNull();
    expect(parseMillidegrees('200000')).toBeNull();
  });

  it('no CPU sensor listed (a VM, a drive only) is "no-sensor"; no sysfs at all is "no-sysfs"', async () => {
    expect(
      await read(
        sysfs({
          'class/hwmon/hwmon0/name': 'nvme\n',
          'class/hwmon/hwmon0/temp1_input': '38850\n',
          'class/thermal/thermal_zone0/type': 'iwlwifi_1\n',
          'class/thermal/thermal_zone0/temp': '40000\n',
        }),
      ),
    ).toBe('no-sensor');
    expect(await read(sysfs({ 'class/thermal/.keep': '' }))).toBe('no-sensor');
    expect(await read(sysfs({ 'other/file': '' }))).toBe('no-sysfs');
  });

  it('follows the reading and finds the sensor again when the driver is reloaded', async () => {
    const root = sysfs(ryzen);
    const reader = new SysfsTemperatureReader(root);
    expect(await reader.read()).toEqual({ celsius: 55.25 });
    // Reloading k10temp gives it a new hwmon number.
    renameSync(path.join(root, 'class/hwmon/hwmon2'), path.join(root, 'class/hwmon/hwmon5'));
    expect(await reader.read()).toEqual({ celsius: 55.25 });
  });

  it('is what the Linux host source reports', async () => {
    const source = new LinuxHostSource({
      procPath: '/proc',
      osReleasePath: '/etc/os-release',
      diskPaths: [],
      netExclude: [],
      sysPath: sysfs(ryzen),
    });
    expect(await source.temperature()).toBe(55.25);
    const none = new LinuxHostSource({
      procPath: '/proc',
      osReleasePath: '/etc/os-release',
      diskPaths: [],
      netExclude: [],
      sysPath: sysfs({ 'class/thermal/.keep': '' }),
    });
    expect(await none.temperature()).toBeNull();
  });
});
