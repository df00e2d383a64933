import { managedBy, ownedBy } from '../../api/task-service/task-access';
import { buildTaskListQuery, decodePageToken, encodePageToken, visibilityDigest } from '../../api/temporal/task-list-query';
import type { CallContext, Principal } from '../../api/request-handler';
import type { TaskSnapshot } from '../../src/task-runtime/contract';

const principal = (over: Partial<Principal>): Principal => ({ tenant: 't1', subject: 'alice', scopes: [], roles: [], authenticated: true, ...over });
const ctx = (p: Principal): CallContext => ({ agentId: 'doc', requestId: 'r', principal: p, signal: new AbortController().signal, protocolVersion: '1.0' });
const snapshot = (grants: string[] = []): TaskSnapshot => ({
  mode: 'task',
  owner: { tenant: 't1', subject: 'alice' },
  grants: { roles: grants },
  agentId: 'doc',
  seq: 0,
  task: { id: 'x', contextId: 'c', status: { state: 'input-required', timestamp: '2026-01-01T00:00:00Z' } },
  events: [],
  gap: false,
});

describe('who may see a task', () => {
  it('is the owner', () => expect(ownedBy(snapshot(), ctx(principal({})))).toBe(true));
  it('is not another subject of the same tenant without a granted role', () => {
    expect(ownedBy(snapshot(['approver']), ctx(principal({ subject: 'bob' })))).toBe(false);
  });
  it('is a principal of the same tenant holding a role the task granted', () => {
    expect(ownedBy(snapshot(['approver']), ctx(principal({ subject: 'bob', roles: ['approver'] })))).toBe(true);
  });
  it('is never a principal of another tenant, whatever its roles', () => {
    expect(ownedBy(snapshot(['approver']), ctx(principal({ tenant: 't2', roles: ['approver'] })))).toBe(false);
  });
  it('is nobody through another agent', () => {
    expect(ownedBy(snapshot(), { ...ctx(principal({})), agentId: 'echo' })).toBe(false);
  });
});

describe('who may act as the owner (push configs, cancel)', () => {
  it('is the owner', () => expect(managedBy(snapshot(), ctx(principal({})))).toBe(true));
  it('is not an approver who sees the task through a granted role', () => {
    const approver = ctx(principal({ subject: 'bob', roles: ['approver'] }));
    expect([ownedBy(snapshot(['approver']), approver), managedBy(snapshot(['approver']), approver)]).toEqual([true, false]);
  });
  it('is an operator of the owner’s tenant, who also sees the task', () => {
    const operator = ctx(principal({ subject: 'olga', roles: ['a2a-operator'] }));
    expect([ownedBy(snapshot(), operator), managedBy(snapshot(), operator)]).toEqual([true, true]);
  });
  it('is no operator of another tenant, nor anyone when the operator role is configured away', () => {
    expect(managedBy(snapshot(), ctx(principal({ tenant: 't2', subject: 'olga', roles: ['a2a-operator'] })))).toBe(false);
    const operator = ctx(principal({ subject: 'olga', roles: ['a2a-operator'] }));
    expect([ownedBy(snapshot(), operator, ''), managedBy(snapshot(), operator, '')]).toEqual([false, false]);
    expect(managedBy(snapshot(), ctx(principal({ subject: 'olga', roles: ['ops'] })), 'ops')).toBe(true);
  });
});

describe('the ListTasks visibility query', () => {
  it('drops the owner clause only for a whole-tenant (operator) listing', () => {
    expect(buildTaskListQuery({ tenant: 't', owner: 'o', wholeTenant: true })).not.toContain('A2AOwner');
    expect(buildTaskListQuery({ tenant: 't', owner: 'o', wholeTenant: true })).toContain(`A2ATenant = '${visibilityDigest('t')}'`);
  });
  it('scopes to tenant and owner by digest, never by the raw identity', () => {
    const query = buildTaskListQuery({ tenant: "t'1", owner: 'alice@example.com' });
    expect(query).toContain(visibilityDigest("t'1"));
    expect(query).not.toContain('alice@example.com');
  });
  it('adds the roles a task may grant, dropping any role that cannot be a safe literal', () => {
    const query = buildTaskListQuery({ tenant: 't', owner: 'o', roles: ['approver', "x' OR 1=1"] });
    expect(query).toMatch(/\(A2AOwner = '[0-9a-f]+' OR A2AGrantedRoles IN \('approver'\)\)/);
    expect(query).not.toContain('1=1');
  });
  it('without an owner lists only the tasks granted to the roles (the same query for every holder), and needs a usable role then', () => {
    const query = buildTaskListQuery({ tenant: 't', roles: ['approver'], state: 'input-required' });
    expect(query).toContain("A2AGrantedRoles IN ('approver')");
    expect(query).not.toContain('A2AOwner');
    expect(() => buildTaskListQuery({ tenant: 't', roles: ["x' OR 1=1"] })).toThrow(/needs an owner/);
  });
  it('binds a page token to the query it came from', () => {
    const token = encodePageToken('q1', Buffer.from('next'));
    expect(Buffer.from(decodePageToken('q1', token) ?? []).toString()).toBe('next');
    expect(() => decodePageToken('q2', token)).toThrow(/does not belong/);
    expect(() => decodePageToken('q1', 'garbage!')).toThrow(/not a token/);
  });
});
