// Translations at the edge, without HTTP: part rendering in both versions (including internal
// `stored` parts), v0.3 data-part compatibility both ways, and the HTTP+JSON path matcher.
import { matchRoute } from '../../api/bindings/http-json-routes';
import { defaultStoredPartRenderer, type RenderContext } from '../../api/protocol/operations';
import { v03Codec } from '../../api/protocol/v03/codec';
import { partFromV03, partToV03 } from '../../api/protocol/v03/translate';
import { v1Codec } from '../../api/protocol/v1/codec';
import { partToV1 } from '../../api/protocol/v1/render';
import type { Part } from '../../src/a2a-model/types';

const rc: RenderContext = {
  agentId: 'echo',
  publicBaseUrl: 'https://a2a.example.com',
  agentBaseUrl: 'https://a2a.example.com/agents/echo',
  renderStoredPart: defaultStoredPartRenderer,
};
const stored: Part = { kind: 'stored', blobId: 'blob/1', size: 3, sha256: 'abc', mediaType: 'application/pdf', filename: 'r.pdf' };

describe('part rendering', () => {
  it('renders every internal part kind as a flat v1.0 part', () => {
    expect(partToV1({ kind: 'text', text: 'hi', mediaType: 'text/plain' }, rc)).toEqual({ text: 'hi', mediaType: 'text/plain' });
    expect(partToV1({ kind: 'raw', raw: 'aGk=', filename: 'a' }, rc)).toEqual({ raw: 'aGk=', filename: 'a' });
    expect(partToV1({ kind: 'url', url: 'https://x/y' }, rc)).toEqual({ url: 'https://x/y' });
    expect(partToV1({ kind: 'data', data: null }, rc)).toEqual({ data: null });
  });

  it('renders a stored part as a url part with the default artifact URL in both versions', () => {
    expect(partToV1(stored, rc)).toEqual({ url: 'https://a2a.example.com/artifacts/blob%2F1', mediaType: 'application/pdf', filename: 'r.pdf' });
    expect(partToV03(stored, rc)).toEqual({ kind: 'file', file: { uri: 'https://a2a.example.com/artifacts/blob%2F1', mimeType: 'application/pdf', name: 'r.pdf' } });
  });

  it('uses the renderStoredPart hook the handler layer supplies', () => {
    const signed: RenderContext = { ...rc, renderStoredPart: (p) => ({ kind: 'url', url: `https://cdn.example.com/${p.sha256}?sig=1` }) };
    expect(partToV1(stored, signed)).toEqual({ url: 'https://cdn.example.com/abc?sig=1' });
  });

  it('renders v0.3 file parts from raw and url parts', () => {
    expect(partToV03({ kind: 'raw', raw: 'aGk=', mediaType: 'text/plain', filename: 'hi.txt' }, rc)).toEqual({
      kind: 'file',
      file: { bytes: 'aGk=', mimeType: 'text/plain', name: 'hi.txt' },
    });
    expect(partToV03({ kind: 'url', url: 'https://x/y' }, rc)).toEqual({ kind: 'file', file: { uri: 'https://x/y' } });
  });

  it.each([[{ a: 1 }], [[1, 2]], ['text'], [42], [null]])('round-trips data %j through v0.3 (non-objects wrapped as {value})', (data) => {
    const wire = partToV03({ kind: 'data', data }, rc);
    expect(wire.kind).toBe('data');
    expect(partFromV03(wire)).toEqual({ kind: 'data', data });
  });
});

describe('request parsing', () => {
  it('v1.0 accepts the pre-1.0 pushNotificationConfig name as an alias in SendMessage configuration', () => {
    const parsed = v1Codec.parse('sendMessage', {
      message: { messageId: 'm', role: 'ROLE_USER', parts: [{ text: 'x' }] },
      configuration: { pushNotificationConfig: { url: 'https://hooks.example.com' } },
    });
    expect(parsed.params.configuration?.pushNotificationConfig).toEqual({ url: 'https://hooks.example.com' });
  });

  it('v1.0 treats proto3 empty strings as absent and TASK_STATE_UNSPECIFIED as no filter', () => {
    expect(v1Codec.parse('listTasks', { contextId: '', status: 'TASK_STATE_UNSPECIFIED', pageToken: '' }).params).toEqual({});
  });

  it('v0.3 maps blocking:false to returnImmediately and leaves blocking the default', () => {
    const message = { messageId: 'm', role: 'user', parts: [{ kind: 'text', text: 'x' }] };
    expect(v03Codec.parse('sendMessage', { message, configuration: { blocking: false } }).params.configuration).toEqual({ returnImmediately: true });
    expect(v03Codec.parse('sendMessage', { message, configuration: { blocking: true } }).params.configuration).toEqual({});
  });

  it('v0.3 keeps the first push authentication scheme', () => {
    const parsed = v03Codec.parse('createPushConfig', {
      taskId: 't',
      pushNotificationConfig: { url: 'https://h.example.com', authentication: { schemes: ['Bearer', 'Basic'], credentials: 'c' } },
    });
    expect(parsed.params.config.authentication).toEqual({ scheme: 'Bearer', credentials: 'c' });
  });
});

describe('HTTP+JSON path matching', () => {
  it.each([
    ['GET', '/tasks', { op: 'listTasks' }],
    ['GET', '/tasks/tasks', { op: 'getTask', taskId: 'tasks' }],
    ['GET', '/acme/tasks', { op: 'listTasks', tenant: 'acme' }],
    ['GET', '/tasks/urn:x:y', { op: 'getTask', taskId: 'urn:x:y' }],
    ['POST', '/tasks/a%2Fb:cancel', { op: 'cancelTask', taskId: 'a/b' }],
    ['DELETE', '/t%201/tasks/t/pushNotificationConfigs/c', { op: 'deletePushConfig', taskId: 't', configId: 'c', tenant: 't 1' }],
    ['GET', '/extendedAgentCard/', { op: 'getExtendedAgentCard' }],
  ])('%s %s matches %j', (method, path, expected) => {
    const result = matchRoute(method, path);
    expect(result.kind).toBe('match');
    expect(result.kind === 'match' && Object.fromEntries(Object.entries(result.match).filter(([, v]) => v !== undefined))).toEqual(expected);
  });

  it('reports the allowed methods of a known path and nothing for unknown ones', () => {
    expect(matchRoute('PUT', '/tasks/t/pushNotificationConfigs')).toEqual({ kind: 'method-not-allowed', allowed: ['POST', 'GET'] });
    expect(matchRoute('GET', '/tasks/t/unknown')).toEqual({ kind: 'none' });
    expect(matchRoute('GET', '/a/b/tasks')).toEqual({ kind: 'none' });
  });
});
