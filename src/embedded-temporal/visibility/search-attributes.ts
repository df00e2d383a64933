// Typed search attributes. A custom attribute's type comes from AddSearchAttributes registration or,
// when nobody registered it, from the payload's `type` metadata (as SDK 1.24 writes it); a payload
// whose type contradicts the registration is rejected like on a real cluster.
import { enums, type Payload } from '../proto/schema';
import { invalidArgument } from '../grpc/errors';
import type { NamespaceState } from '../engine/engine';

export const VT = enums.IndexedValueType;

const TYPE_NAMES: Record<string, number> = {
  Text: VT.INDEXED_VALUE_TYPE_TEXT,
  Keyword: VT.INDEXED_VALUE_TYPE_KEYWORD,
  Int: VT.INDEXED_VALUE_TYPE_INT,
  Double: VT.INDEXED_VALUE_TYPE_DOUBLE,
  Bool: VT.INDEXED_VALUE_TYPE_BOOL,
  Datetime: VT.INDEXED_VALUE_TYPE_DATETIME,
  KeywordList: VT.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** Attributes every namespace has; the first group are the built-in columns of a visibility record. */
export const SYSTEM_ATTRIBUTES: Record<string, number> = {
  WorkflowId: VT.INDEXED_VALUE_TYPE_KEYWORD,
  RunId: VT.INDEXED_VALUE_TYPE_KEYWORD,
  WorkflowType: VT.INDEXED_VALUE_TYPE_KEYWORD,
  ExecutionStatus: VT.INDEXED_VALUE_TYPE_KEYWORD,
  StartTime: VT.INDEXED_VALUE_TYPE_DATETIME,
  CloseTime: VT.INDEXED_VALUE_TYPE_DATETIME,
  ExecutionTime: VT.INDEXED_VALUE_TYPE_DATETIME,
  TaskQueue: VT.INDEXED_VALUE_TYPE_KEYWORD,
  HistoryLength: VT.INDEXED_VALUE_TYPE_INT,
  HistorySizeBytes: VT.INDEXED_VALUE_TYPE_INT,
  ExecutionDuration: VT.INDEXED_VALUE_TYPE_INT,
  ParentWorkflowId: VT.INDEXED_VALUE_TYPE_KEYWORD,
  ParentRunId: VT.INDEXED_VALUE_TYPE_KEYWORD,
  RootWorkflowId: VT.INDEXED_VALUE_TYPE_KEYWORD,
  RootRunId: VT.INDEXED_VALUE_TYPE_KEYWORD,
  TemporalChangeVersion: VT.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  BinaryChecksums: VT.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  BuildIds: VT.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  BatcherUser: VT.INDEXED_VALUE_TYPE_KEYWORD,
  TemporalScheduledStartTime: VT.INDEXED_VALUE_TYPE_DATETIME,
  TemporalScheduledById: VT.INDEXED_VALUE_TYPE_KEYWORD,
  TemporalSchedulePaused: VT.INDEXED_VALUE_TYPE_BOOL,
  TemporalNamespaceDivision: VT.INDEXED_VALUE_TYPE_KEYWORD,
};

export function typeOfAttribute(ns: NamespaceState, name: string): number | undefined {
  return SYSTEM_ATTRIBUTES[name] ?? ns.searchAttributes[name] ?? ns.inferredTypes[name];
}

function metadataType(p: Payload): number | undefined {
  const raw = p.metadata?.type;
  if (!raw) return undefined;
  return TYPE_NAMES[Buffer.from(raw).toString('utf8')];
}

/** JSON value of a payload; undefined for unreadable data. Non-JSON encodings are not indexable. */
export function payloadJson(p: Payload): unknown {
  try {
    return p.data && p.data.length ? JSON.parse(Buffer.from(p.data).toString('utf8')) : null;
  } catch {
    return undefined;
  }
}

/** A payload that removes the attribute on upsert: JSON null or an empty list. */
export function isRemoval(p: Payload): boolean {
  const v = payloadJson(p);
  return v === null || (Array.isArray(v) && v.length === 0);
}

function guessType(v: unknown): number {
  if (typeof v === 'number') return Number.isInteger(v) ? VT.INDEXED_VALUE_TYPE_INT : VT.INDEXED_VALUE_TYPE_DOUBLE;
  if (typeof v === 'boolean') return VT.INDEXED_VALUE_TYPE_BOOL;
  if (Array.isArray(v)) return VT.INDEXED_VALUE_TYPE_KEYWORD_LIST;
  return VT.INDEXED_VALUE_TYPE_KEYWORD;
}

/**
 * Checks incoming attributes against the namespace's types and learns types of unregistered ones.
 * Returns true when the namespace learnt something (it then needs persisting).
 */
export function checkSearchAttributes(ns: NamespaceState, fields: Record<string, Payload> | null | undefined): boolean {
  let learnt = false;
  for (const [name, payload] of Object.entries(fields ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw invalidArgument(`Search attribute name ${JSON.stringify(name)} is not valid.`);
    const known = typeOfAttribute(ns, name);
    const declared = metadataType(payload);
    if (known !== undefined && declared !== undefined && known !== declared) {
      throw invalidArgument(`Search attribute ${name} is of type ${typeName(known)}, but the value is of type ${typeName(declared)}.`);
    }
    if (known === undefined && !isRemoval(payload)) {
      const value = payloadJson(payload);
      if (value === undefined) throw invalidArgument(`Search attribute ${name} has a value that is not JSON.`);
      ns.inferredTypes[name] = declared ?? guessType(value);
      learnt = true;
    }
  }
  return learnt;
}

export function typeName(t: number): string {
  return Object.keys(TYPE_NAMES).find((k) => TYPE_NAMES[k] === t) ?? `type ${t}`;
}

/** The typed value of an attribute for queries: numbers for Int/Double/Datetime (ms), arrays for KeywordList. */
export function typedValue(type: number, payload: Payload): unknown {
  const v = payloadJson(payload);
  if (v === null || v === undefined) return undefined;
  switch (type) {
    case VT.INDEXED_VALUE_TYPE_DATETIME: {
      const t = typeof v === 'number' ? v : Date.parse(String(v));
      return Number.isNaN(t) ? undefined : t;
    }
    case VT.INDEXED_VALUE_TYPE_INT:
    case VT.INDEXED_VALUE_TYPE_DOUBLE:
      return Number(v);
    case VT.INDEXED_VALUE_TYPE_BOOL:
      return v === true || v === 'true';
    case VT.INDEXED_VALUE_TYPE_KEYWORD_LIST:
      return Array.isArray(v) ? v.map(String) : [String(v)];
    default:
      return Array.isArray(v) ? v.map(String) : String(v);
  }
}
