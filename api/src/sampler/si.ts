/**
 * systeminformation, loaded on first use. Linux hosts read everything from /proc and sysfs
 * and never need it; importing it up front cost every process its memory anyway.
 */
const load = async () => (await import('systeminformation')).default;

let loading: ReturnType<typeof load> | null = null;

export function systemInformation(): ReturnType<typeof load> {
  loading ??= load();
  return loading;
}
