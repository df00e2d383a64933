import { emptyLoopAccount, recordToolCalls, recordUsage, remainingTokens, shouldStop } from '../../../src/agent-runtime/loop-budget';

const usage = (total: number) => ({ promptTokens: total - 10, completionTokens: 10, totalTokens: total });

describe('loop budget', () => {
  it('accumulates steps and tokens without mutating the previous account', () => {
    const start = emptyLoopAccount();
    const after = recordToolCalls(recordUsage(recordUsage(start, usage(100)), usage(50)), 2);
    expect(after).toEqual({ steps: 2, toolCalls: 2, promptTokens: 130, completionTokens: 20, totalTokens: 150 });
    expect(start).toEqual(emptyLoopAccount());
  });

  it('stops at the step limit', () => {
    const limits = { maxSteps: 2 };
    let account = recordUsage(emptyLoopAccount(), usage(10));
    expect(shouldStop(account, limits)).toEqual({ stop: false });
    account = recordUsage(account, usage(10));
    expect(shouldStop(account, limits)).toEqual({ stop: true, reason: 'step-limit' });
  });

  it('stops when the token budget is spent, reporting the budget when both bounds trip', () => {
    const account = recordUsage(emptyLoopAccount(), usage(500));
    expect(shouldStop(account, { maxSteps: 10, maxTotalTokens: 501 })).toEqual({ stop: false });
    expect(shouldStop(account, { maxSteps: 10, maxTotalTokens: 500 })).toEqual({ stop: true, reason: 'token-budget' });
    expect(shouldStop(account, { maxSteps: 1, maxTotalTokens: 400 })).toEqual({ stop: true, reason: 'token-budget' });
  });

  it('reports the tokens left for the next step', () => {
    const account = recordUsage(emptyLoopAccount(), usage(300));
    expect(remainingTokens(account, { maxSteps: 5, maxTotalTokens: 1000 })).toBe(700);
    expect(remainingTokens(account, { maxSteps: 5, maxTotalTokens: 100 })).toBe(0);
    expect(remainingTokens(account, { maxSteps: 5 })).toBeUndefined();
  });
});
