/** The CPU model from recorded /proc/cpuinfo files of the hosts a homelab runs on. */
import { describe, expect, it } from 'vitest';
import { parseCpuModel } from '../src/sampler/cpuinfo.js';
import { LinuxHostSource } from '../src/sampler/linux-source.js';
import { writeTree } from './helpers/tree.js';

const x86 = (model: string) => `processor\t: 0
vendor_id\t: GenuineIntel
cpu family\t: 6
model\t\t: 142
model name\t: ${model}
stepping\t: 10
cpu MHz\t\t: 1800.000
flags\t\t: fpu vme de pse

processor\t: 1
vendor_id\t: GenuineIntel
model\t\t: 142
model name\t: ${model}
`;

const arm64Pi4 = `processor\t: 0
BogoMIPS\t: 108.00
Features\t: fp asimd evtstrm crc32 cpuid
CPU implementer\t: 0x41
CPU architecture: 8
CPU variant\t: 0x0
CPU part\t: 0xd08
CPU revision\t: 3

processor\t: 1
CPU implementer\t: 0x41
CPU part\t: 0xd08

Revision\t: c03114
Serial\t\t: 10000000abcdef01
Model\t\t: Raspberry Pi 4 Model B Rev 1.4
`;

const armv7Pi3 = `processor\t: 0
model name\t: ARMv7 Processor rev 4 (v7l)
BogoMIPS\t: 38.40
CPU implementer\t: 0x41
CPU architecture: 7
CPU part\t: 0xd03

Hardware\t: BCM2835
Revision\t: a02082
Model\t\t: Raspberry Pi 3 Model B Rev 1.2
`;

/** An RK3588 board: four Cortex-A55 and four Cortex-A76. */
const bigLittle = [0, 1, 2, 3, 4, 5, 6, 7]
  .map(
    (n) => `processor\t: ${n}
CPU implementer\t: 0x41
CPU part\t: ${n < 4 ? '0xd05' : '0xd0b'}
`,
  )
  .join('\n');

describe('CPU model from /proc/cpuinfo', () => {
  it('x86: the model name without trademarks, clock or core count', () => {
    expect(parseCpuModel(x86('Intel(R) Core(TM) i7-8550U CPU @ 1.80GHz'))).toBe(
      'Intel Core i7-8550U',
    );
    expect(parseCpuModel(x86('AMD Ryzen 7 PRO 4750U with Radeon Graphics'))).toBe(
      'AMD Ryzen 7 PRO 4750U with Radeon Graphics',
    );
    expect(parseCpuModel(x86('AMD Ryzen 7 5800X 8-Core Processor'))).toBe('AMD Ryzen 7 5800X');
    expect(parseCpuModel(x86('Intel(R) Celeron(R) N5105 @ 2.00GHz'))).toBe('Intel Celeron N5105');
  });

  it('ARM64 (no model name): the cores by part number', () => {
    expect(parseCpuModel(arm64Pi4)).toBe('ARM Cortex-A72');
    expect(parseCpuModel(bigLittle)).toBe('ARM Cortex-A55 + Cortex-A76');
  });

  it('32-bit ARM: the cores rather than the architecture string', () => {
    expect(parseCpuModel(armv7Pi3)).toBe('ARM Cortex-A53');
  });

  it('an unknown core: the SoC, then the board', () => {
    const unknownPart = armv7Pi3.replace('0xd03', '0xfff');
    expect(parseCpuModel(unknownPart)).toBe('BCM2835');
    expect(parseCpuModel(unknownPart.replace(/Hardware.*\n/, ''))).toBe(
      'Raspberry Pi 3 Model B Rev 1.2',
    );
  });

  it('nothing useful: null (the caller falls back)', () => {
    expect(parseCpuModel('')).toBeNull();
    // Apple silicon under Asahi: implementer 0x61, no names at all.
    expect(
      parseCpuModel('processor\t: 0\nCPU implementer\t: 0x61\nCPU part\t: 0x022\n'),
    ).toBeNull();
  });

  it('is what the Linux host source reports as the model', async () => {
    const tree = writeTree({ cpuinfo: arm64Pi4 });
    try {
      const source = new LinuxHostSource({
        procPath: tree.root,
        osReleasePath: '/nonexistent',
        diskPaths: [],
        netExclude: [],
      });
      expect((await source.facts()).cpuModel).toBe('ARM Cortex-A72');
    } finally {
      tree.remove();
    }
  });
});
