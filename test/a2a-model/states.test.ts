import { isInterruptedState, isTerminalState, TASK_STATES } from '../../src/a2a-model/types';

describe('task states', () => {
  it('classifies every state as exactly one of active, interrupted or terminal', () => {
    const active = TASK_STATES.filter((s) => !isTerminalState(s) && !isInterruptedState(s));
    expect(active).toEqual(['submitted', 'working']);
    expect(TASK_STATES.filter(isInterruptedState)).toEqual(['input-required', 'auth-required']);
    expect(TASK_STATES.filter(isTerminalState)).toEqual(['completed', 'failed', 'canceled', 'rejected']);
  });
});
