/**
 * The CPU model from /proc/cpuinfo, so a Linux host never needs systeminformation (and its
 * child processes and memory) just to name its processor.
 */

/** ARM Ltd. (implementer 0x41) core part numbers seen on homelab boards and servers. */
const ARM_PARTS: Record<string, string> = {
  '0xb76': 'ARM1176',
  '0xc07': 'Cortex-A7',
  '0xc08': 'Cortex-A8',
  '0xc09': 'Cortex-A9',
  '0xc0f': 'Cortex-A15',
  '0xd03': 'Cortex-A53',
  '0xd04': 'Cortex-A35',
  '0xd05': 'Cortex-A55',
  '0xd07': 'Cortex-A57',
  '0xd08': 'Cortex-A72',
  '0xd09': 'Cortex-A73',
  '0xd0a': 'Cortex-A75',
  '0xd0b': 'Cortex-A76',
  '0xd0c': 'Neoverse-N1',
  '0xd0d': 'Cortex-A77',
  '0xd40': 'Neoverse-V1',
  '0xd41': 'Cortex-A78',
  '0xd44': 'Cortex-X1',
  '0xd46': 'Cortex-A510',
  '0xd47': 'Cortex-A710',
  '0xd48': 'Cortex-X2',
  '0xd49': 'Neoverse-N2',
  '0xd4b': 'Cortex-A78C',
  '0xd4f': 'Neoverse-V2',
  '0xd80': 'Cortex-A520',
  '0xd81': 'Cortex-A720',
  '0xd82': 'Cortex-X4',
};

/** Marketing noise in x86 model names: trademarks, the clock, the core count. */
function tidy(model: string): string {
  return model
    .replace(/\((R|TM|tm)\)/g, '')
    .replace(/\s+@\s+[\d.]+\s*[GM]Hz/i, '')
    .replace(/\s+\d+-Core Processor$/i, '')
    .replace(/\s+CPU$/i, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** 32-bit ARM kernels fill `model name` with the architecture, which names no product. */
const GENERIC_ARM = /^ARMv\d+ Processor/i;

/**
 * `model name` (x86, most ARM64 kernels name none); else the ARM cores by part number
 * ("ARM Cortex-A76 + Cortex-A55" on big.LITTLE); else the SoC (`Hardware`) or the board
 * (`Model`), or what MIPS and POWER kernels write. Null when the file names nothing.
 */
export function parseCpuModel(text: string): string | null {
  const fields = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (!value) continue;
    const values = fields.get(key) ?? [];
    values.push(value);
    fields.set(key, values);
  }
  const first = (key: string) => fields.get(key)?.[0] ?? null;

  const modelName = first('model name');
  if (modelName && !GENERIC_ARM.test(modelName)) return tidy(modelName) || null;

  const implementers = fields.get('cpu implementer') ?? [];
  const cores = (fields.get('cpu part') ?? [])
    .filter((_, index) => (implementers[index] ?? implementers[0]) === '0x41')
    .map((part) => ARM_PARTS[part.toLowerCase()])
    .filter((name): name is string => name !== undefined);
  const distinct = [...new Set(cores)];
  if (distinct.length > 0) return `ARM ${distinct.join(' + ')}`;

  // x86 also has a numeric `model` field: only a board name counts.
  const board = first('model');
  return (
    first('hardware') ??
    (board && !/^\d+$/.test(board) ? board : null) ??
    first('cpu model') ?? // MIPS
    first('cpu') ?? // POWER
    modelName
  );
}
