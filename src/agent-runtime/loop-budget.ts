// Step and token accounting for the agent loop. Pure and immutable: the workflow keeps the account in
// its state and asks before each model step whether a bound stops the loop.
import type { TokenUsage } from './contracts';

export interface LoopLimits {
  /** Maximum number of model steps. */
  maxSteps: number;
  /** Maximum total tokens (prompt + completion) over all steps; absent means unbounded. */
  maxTotalTokens?: number;
}

export interface LoopAccount {
  steps: number;
  toolCalls: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export type StopReason = 'step-limit' | 'token-budget';
export type StopDecision = { stop: false } | { stop: true; reason: StopReason };

export const emptyLoopAccount = (): LoopAccount => ({
  steps: 0,
  toolCalls: 0,
  promptTokens: 0,
  completionTokens: 0,
  totalTokens: 0,
});

/** One model step and the tokens it used. */
export function recordUsage(account: LoopAccount, usage: TokenUsage): LoopAccount {
  return {
    ...account,
    steps: account.steps + 1,
    promptTokens: account.promptTokens + usage.promptTokens,
    completionTokens: account.completionTokens + usage.completionTokens,
    totalTokens: account.totalTokens + usage.totalTokens,
  };
}

export function recordToolCalls(account: LoopAccount, count: number): LoopAccount {
  return { ...account, toolCalls: account.toolCalls + count };
}

/** Token budget first: when both bounds trip together, the spend is the more useful reason to report. */
export function shouldStop(account: LoopAccount, limits: LoopLimits): StopDecision {
  if (limits.maxTotalTokens !== undefined && account.totalTokens >= limits.maxTotalTokens) {
    return { stop: true, reason: 'token-budget' };
  }
  if (account.steps >= limits.maxSteps) return { stop: true, reason: 'step-limit' };
  return { stop: false };
}

/** Tokens left in the budget, to pass as a step's `maxTokens` cap; undefined when unbounded. */
export function remainingTokens(account: LoopAccount, limits: LoopLimits): number | undefined {
  return limits.maxTotalTokens === undefined ? undefined : Math.max(0, limits.maxTotalTokens - account.totalTokens);
}
