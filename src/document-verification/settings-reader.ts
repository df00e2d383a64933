// Reads agent settings (plain JSON from the registry) into typed values with defaults, collecting
// every problem so a misconfigured deployment learns all of them at once. Pure and dependency-free
// (zod stays out of workflow code), hence the small hand-written readers.
import type { JsonObject, JsonValue } from '../a2a-model/types';
import { parseDuration } from './duration';

export class AgentSettingsError extends Error {
  override readonly name = 'AgentSettingsError';
}

export interface SettingsReader {
  number(key: string, fallback: number, bounds?: { min?: number; max?: number; integer?: boolean }): number;
  boolean(key: string, fallback: boolean): boolean;
  string(key: string, fallback: string): string;
  strings(key: string, fallback: readonly string[], options?: { nonEmpty?: boolean }): string[];
  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T;
  subset<T extends string>(key: string, allowed: readonly T[], fallback: readonly T[]): T[];
  duration(key: string, fallback: number): number;
  optionalDuration(key: string, fallback: number | undefined): number | undefined;
  /** A JSON object passed through for a later, specific reader. */
  object(key: string): JsonObject | undefined;
  numberRecord(key: string, fallback: Readonly<Record<string, number>>, bounds?: { min?: number; max?: number }): Record<string, number>;
  /** Records a problem found by a nested reader (e.g. `settings.toolCalls.defaults.retry`). */
  report(problem: string): void;
  /** Throws one AgentSettingsError naming every bad setting. */
  done(): void;
}

const isObject = (value: JsonValue | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function createSettingsReader(settings: JsonObject, agent: string): SettingsReader {
  const problems: string[] = [];
  const has = (key: string) => Object.prototype.hasOwnProperty.call(settings, key) && settings[key] !== null;
  const bad = (key: string, expected: string) => problems.push(`settings.${key} must be ${expected}`);

  const inBounds = (value: number, bounds: { min?: number; max?: number; integer?: boolean }) =>
    Number.isFinite(value) &&
    (bounds.min === undefined || value >= bounds.min) &&
    (bounds.max === undefined || value <= bounds.max) &&
    (!bounds.integer || Number.isInteger(value));
  const describeBounds = (bounds: { min?: number; max?: number; integer?: boolean }) =>
    `${bounds.integer ? 'an integer' : 'a number'}${bounds.min !== undefined ? ` ≥ ${bounds.min}` : ''}${bounds.max !== undefined ? ` and ≤ ${bounds.max}` : ''}`;

  return {
    number(key, fallback, bounds = {}) {
      if (!has(key)) return fallback;
      const value = settings[key];
      if (typeof value === 'number' && inBounds(value, bounds)) return value;
      bad(key, describeBounds(bounds));
      return fallback;
    },
    boolean(key, fallback) {
      if (!has(key)) return fallback;
      const value = settings[key];
      if (typeof value === 'boolean') return value;
      bad(key, 'true or false');
      return fallback;
    },
    string(key, fallback) {
      if (!has(key)) return fallback;
      const value = settings[key];
      if (typeof value === 'string' && value.trim() !== '') return value;
      bad(key, 'a non-empty string');
      return fallback;
    },
    strings(key, fallback, options = {}) {
      if (!has(key)) return [...fallback];
      const value = settings[key];
      if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '') && (!options.nonEmpty || value.length > 0)) {
        return [...new Set(value as string[])];
      }
      bad(key, `a list of non-empty strings${options.nonEmpty ? ' (at least one)' : ''}`);
      return [...fallback];
    },
    oneOf(key, allowed, fallback) {
      if (!has(key)) return fallback;
      const value = settings[key];
      if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as (typeof allowed)[number];
      bad(key, `one of ${allowed.join(', ')}`);
      return fallback;
    },
    subset(key, allowed, fallback) {
      if (!has(key)) return [...fallback];
      const value = settings[key];
      if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && (allowed as readonly string[]).includes(v))) {
        return [...new Set(value as string[])] as Array<(typeof allowed)[number]>;
      }
      bad(key, `a non-empty list of ${allowed.join(', ')}`);
      return [...fallback];
    },
    duration(key, fallback) {
      if (!has(key)) return fallback;
      const value = parseDuration(settings[key]);
      if (value !== undefined) return value;
      bad(key, 'a duration: milliseconds, or text like "90s", "15m", "24h", "7d"');
      return fallback;
    },
    optionalDuration(key, fallback) {
      if (!Object.prototype.hasOwnProperty.call(settings, key)) return fallback;
      if (settings[key] === null) return undefined;
      return this.duration(key, fallback ?? 0);
    },
    object(key) {
      if (!has(key)) return undefined;
      const value = settings[key];
      if (isObject(value)) return value;
      bad(key, 'an object');
      return undefined;
    },
    numberRecord(key, fallback, bounds = {}) {
      if (!has(key)) return { ...fallback };
      const value = settings[key];
      if (isObject(value) && Object.values(value).every((v) => typeof v === 'number' && inBounds(v, bounds))) {
        return { ...(value as Record<string, number>) };
      }
      bad(key, `an object of ${describeBounds(bounds)} values`);
      return { ...fallback };
    },
    report(problem) {
      problems.push(problem);
    },
    done() {
      if (problems.length > 0) throw new AgentSettingsError(`The ${agent} agent is misconfigured: ${problems.join('; ')}.`);
    },
  };
}
