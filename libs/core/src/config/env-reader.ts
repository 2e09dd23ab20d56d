import { ConfigError } from './config-error';

export type Env = Readonly<Record<string, string | undefined>>;

/** Reads one variable (or its fallback when unset or blank) through `parse`, naming it in any error. */
export function read<T>(env: Env, name: string, fallback: string, parse: (value: string) => T): T {
  const raw = env[name];
  const value = raw === undefined || raw.trim() === '' ? fallback : raw.trim();
  try {
    return parse(value);
  } catch (error) {
    throw new ConfigError(name, error instanceof Error ? error.message : String(error));
  }
}

export function oneOf<T extends string>(value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new Error(`must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value as T;
}

export function parseInteger(value: string, min: number, max: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) {
    throw new Error(`must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return number;
}
