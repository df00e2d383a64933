// Test helpers over finished spans: one trace's spans by id, a parent chain checked by span ids,
// and the tree printed as text (names, kinds, parent relationships).
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

export function spansOfTrace(spans: ReadableSpan[], traceId: string): ReadableSpan[] {
  return spans.filter((s) => s.spanContext().traceId === traceId);
}

export const childrenOf = (spans: ReadableSpan[], parent: ReadableSpan) => spans.filter((s) => s.parentSpanId === parent.spanContext().spanId);

/** The one child of `parent` whose name matches; fails (naming what there is) otherwise. */
export function childNamed(spans: ReadableSpan[], parent: ReadableSpan, name: string | RegExp): ReadableSpan {
  const matches = childrenOf(spans, parent).filter((s) => (typeof name === 'string' ? s.name === name : name.test(s.name)));
  if (matches.length === 0) {
    throw new Error(`no child ${String(name)} under ${parent.name}; children: ${childrenOf(spans, parent).map((s) => s.name).join(', ') || '(none)'}`);
  }
  return matches[0];
}

export function renderTree(spans: ReadableSpan[]): string {
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  const roots = spans.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId));
  const lines: string[] = [];
  const walk = (span: ReadableSpan, depth: number) => {
    lines.push(`${'  '.repeat(depth)}${span.name} [${SpanKind[span.kind]}] ${span.spanContext().spanId}${span.parentSpanId ? ` <- ${span.parentSpanId}` : ''}`);
    const children = childrenOf(spans, span).sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    for (const child of children) walk(child, depth + 1);
  };
  for (const root of roots) walk(root, 0);
  return lines.join('\n');
}
