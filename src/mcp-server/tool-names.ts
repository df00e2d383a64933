// Tool names and per-principal allowlists. An allowlist is resolved once per connection (from the
// bearer token) and the server registers only the allowed tools, so a disallowed tool is invisible
// in tools/list and calling it fails exactly like calling a tool that does not exist.

export const toolNames = [
  'extract_text',
  'fingerprint_document',
  'check_required_fields',
  'detect_pii',
  'check_consistency',
  'classify_document',
  'redact',
] as const;
export type ToolName = (typeof toolNames)[number];

/** '*' allows every tool; otherwise exactly the listed ones. */
export type ToolAllowlist = '*' | readonly ToolName[];

export function isToolName(value: string): value is ToolName {
  return (toolNames as readonly string[]).includes(value);
}

export function isToolAllowed(allowlist: ToolAllowlist, tool: ToolName): boolean {
  return allowlist === '*' || allowlist.includes(tool);
}

/** "extract_text,redact" or "*" → an allowlist; unknown names are an error, not silently dropped. */
export function parseToolAllowlist(spec: string): ToolAllowlist {
  const names = spec.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new Error('a tool allowlist names at least one tool, or * for all');
  if (names.includes('*')) return '*';
  const unknown = names.filter((n) => !isToolName(n));
  if (unknown.length > 0) throw new Error(`unknown tool(s) in allowlist: ${unknown.join(', ')} (known: ${toolNames.join(', ')})`);
  return names as ToolName[];
}
