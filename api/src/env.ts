/**
 * Typed readers of environment variables. Each reads one variable, applies its default, and
 * throws a `ConfigError` whose message is one line naming the variable and what was expected.
 * `config.ts` and each source's own settings use them, so every variable obeys the same rules.
 */

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type Env = Record<string, string | undefined>;

/** The variable's value, trimmed; an empty value counts as unset. */
export function read(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function integer(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(
      `${name}=${JSON.stringify(raw)}: expected a whole number from ${min} to ${max}`,
    );
  }
  return Number(raw);
}

export function seconds(
  env: Env,
  name: string,
  fallbackS: number,
  minS: number,
  maxS: number,
): number {
  const raw = read(env, name);
  if (raw === undefined) return fallbackS;
  if (!/^\d+(\.\d+)?$/.test(raw) || Number(raw) < minS || Number(raw) > maxS) {
    throw new ConfigError(
      `${name}=${JSON.stringify(raw)}: expected a number of seconds from ${minS} to ${maxS}`,
    );
  }
  return Number(raw);
}

export function oneOf<T extends string>(
  env: Env,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name}=${JSON.stringify(raw)}: expected one of ${choices.join(', ')}`);
  }
  return raw as T;
}

/** An http(s) URL without credentials, query or fragment; a trailing slash is dropped. */
export function httpBaseUrl(raw: string, name: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name}=${JSON.stringify(raw)}: expected an http:// or https:// URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name}=${JSON.stringify(raw)}: expected an http:// or https:// URL`);
  }
  // `?` and `#` count even when nothing follows them (`new URL` drops an empty query).
  if (url.username || url.password || /[?#]/.test(raw)) {
    throw new ConfigError(`${name}: expected a base URL without credentials, query or fragment`);
  }
  return url.href.replace(/\/+$/, '');
}

/** An http(s) base URL; a path prefix is kept (Forgejo under a sub-path). */
export function baseUrl(env: Env, name: string): string | undefined {
  const raw = read(env, name);
  return raw === undefined ? undefined : httpBaseUrl(raw, name);
}
