import { createToolCatalog, mcpToolToFunctionTool, parseToolArguments, resolveToolCall, sanitizeFunctionName } from '../../../src/agent-runtime/tool-catalog';

const schema = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };

describe('tool catalog', () => {
  it('converts an MCP tool to an OpenAI function tool, dropping $schema and keeping the rest', () => {
    expect(mcpToolToFunctionTool({ name: 'extract_text', description: 'Extracts text.', inputSchema: schema })).toEqual({
      type: 'function',
      function: { name: 'extract_text', description: 'Extracts text.', parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } },
    });
  });

  it('gives a tool without properties an empty properties object and falls back to the title', () => {
    expect(mcpToolToFunctionTool({ name: 'ping', title: 'Ping', inputSchema: { type: 'object' } }).function).toEqual({
      name: 'ping',
      description: 'Ping',
      parameters: { type: 'object', properties: {} },
    });
  });

  it('sanitises names to what OpenAI accepts', () => {
    expect(sanitizeFunctionName('docs.extract text')).toBe('docs_extract_text');
    expect(sanitizeFunctionName('x'.repeat(80))).toHaveLength(64);
    expect(sanitizeFunctionName('')).toBe('tool');
  });

  it('keeps unique names, qualifies names shared by servers, and resolves calls back to server and tool', () => {
    const catalog = createToolCatalog([
      { server: 'docs', tools: [{ name: 'extract_text', inputSchema: schema }, { name: 'search', inputSchema: schema }] },
      { server: 'web', tools: [{ name: 'search', inputSchema: schema }] },
    ]);
    expect(catalog.functionTools.map((t) => t.function.name)).toEqual(['extract_text', 'docs__search', 'web__search']);
    expect(resolveToolCall(catalog, 'web__search')).toEqual({ server: 'web', tool: 'search' });
    expect(resolveToolCall(catalog, 'extract_text')).toEqual({ server: 'docs', tool: 'extract_text' });
    expect(resolveToolCall(catalog, 'toString')).toBeUndefined();
  });

  it('suffixes names that still clash after sanitising', () => {
    const catalog = createToolCatalog([{ server: 'a', tools: [{ name: 'x.y', inputSchema: schema }, { name: 'x y', inputSchema: schema }] }]);
    expect(catalog.functionTools.map((t) => t.function.name)).toEqual(['x_y', 'x_y_2']);
    expect(resolveToolCall(catalog, 'x_y_2')).toEqual({ server: 'a', tool: 'x y' });
  });

  it('parses model arguments without throwing', () => {
    expect(parseToolArguments('{"id":"d1"}')).toEqual({ ok: true, value: { id: 'd1' } });
    expect(parseToolArguments('  ')).toEqual({ ok: true, value: {} });
    expect(parseToolArguments('{"id":')).toMatchObject({ ok: false });
    expect(parseToolArguments('[1]')).toEqual({ ok: false, error: 'arguments must be a JSON object' });
  });
});
