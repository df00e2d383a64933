// ProtoJSON input names: a parser must accept a field by its proto name (`history_length`) as well
// as its JSON name (`historyLength`). v1.0 input is renamed here, once, before the schemas see it.
// Struct and Value fields (`metadata`, a part's `data`) are user data: their keys are never renamed.
import { A2AError, type FieldViolation } from '../../a2a-error';
import { formatPath } from '../validation';

/** Struct/Value fields of the v1.0 request messages (a2a.proto); the request messages have no maps. */
const USER_DATA_FIELDS = new Set(['metadata', 'data']);
const PROTO_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;

/** protoc's default json_name: underscores dropped, the letter after each one upper-cased. */
export const jsonNameOf = (protoName: string): string => protoName.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/**
 * A copy of `value` with proto field names renamed to JSON names at every level. Both names of one
 * field in one object is refused (as protobuf's JSON parsers do) rather than silently picking one.
 */
export function withJsonNames<T>(value: T): T {
  const violations: FieldViolation[] = [];
  const out = rename(value, [], violations);
  if (violations.length) throw A2AError.invalidFields(violations);
  return out as T;
}

function rename(value: unknown, path: PropertyKey[], violations: FieldViolation[]): unknown {
  if (Array.isArray(value)) return value.map((item, i) => rename(item, [...path, i], violations));
  if (typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(source)) {
    const name = PROTO_NAME.test(key) ? jsonNameOf(key) : key;
    if (name !== key && Object.hasOwn(source, name)) {
      violations.push({ field: formatPath([...path, key]), description: `${name} is also present; send one of the two names` });
      continue;
    }
    // defineProperty: a `__proto__` key in JSON is data, and must not become out's prototype.
    const renamed = USER_DATA_FIELDS.has(name) ? child : rename(child, [...path, name], violations);
    Object.defineProperty(out, name, { value: renamed, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
