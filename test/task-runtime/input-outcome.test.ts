// The workflow's decision about a delivered input, pure: the next input only while the task waits
// with nothing pending; a finished, working or already-answered task refuses it; a messageId is
// bound to its first content; identical re-sends are answered from the record; the record is bounded.
import { decideInput, findOutcome, MAX_INPUT_OUTCOMES, recordOutcome, refuseAccepted, type InputOutcome, type InputSituation } from '../../src/task-runtime/input-outcome';

const waiting: InputSituation = { state: 'input-required', finished: false, inputPending: false, seenBefore: false, now: '2026-12-07T00:00:00.000Z', seq: 4 };

describe('deciding an input', () => {
  it('accepts it while the task waits for input or authorization with nothing pending', () => {
    expect(decideInput([], { messageId: 'm', digest: 'd', deliveryId: 'x' }, waiting)).toEqual({ messageId: 'm', digest: 'd', deliveryId: 'x', outcome: 'accepted', at: waiting.now, seq: 4 });
    expect(decideInput([], { messageId: 'm', digest: 'd' }, { ...waiting, state: 'auth-required' })?.outcome).toBe('accepted');
  });

  it('refuses it, naming the state, when the task is working, already has its next input, or has finished', () => {
    expect(decideInput([], { messageId: 'm', digest: 'd' }, { ...waiting, state: 'working' })).toMatchObject({ outcome: 'refused', reason: 'not-waiting', state: 'working' });
    expect(decideInput([], { messageId: 'm', digest: 'd' }, { ...waiting, inputPending: true })).toMatchObject({ outcome: 'refused', reason: 'not-waiting', state: 'working' });
    expect(decideInput([], { messageId: 'm', digest: 'd' }, { ...waiting, state: 'canceled', finished: true })).toMatchObject({ outcome: 'refused', reason: 'finished', state: 'canceled' });
  });

  it('answers an identical re-send from the record and refuses other content under the same messageId', () => {
    const log: InputOutcome[] = [];
    recordOutcome(log, decideInput(log, { messageId: 'm', digest: 'd1', deliveryId: 'a' }, waiting) as InputOutcome);
    expect(decideInput(log, { messageId: 'm', digest: 'd1', deliveryId: 'b' }, { ...waiting, state: 'working' })).toBeUndefined();
    const reused = decideInput(log, { messageId: 'm', digest: 'd2' }, waiting) as InputOutcome;
    expect(reused).toMatchObject({ outcome: 'refused', reason: 'message-id-reused', digest: 'd2' });
    recordOutcome(log, reused);
    expect(findOutcome(log, 'm', 'd1')).toMatchObject({ outcome: 'accepted', deliveryId: 'a' });
    expect(findOutcome(log, 'm', 'd2')).toMatchObject({ reason: 'message-id-reused' });
  });

  it('leaves a messageId seen before digests were kept to the task history (no decision here)', () => {
    expect(decideInput([], { messageId: 'first', digest: 'd' }, { ...waiting, seenBefore: true })).toBeUndefined();
  });
});

describe('the record of outcomes', () => {
  it('keeps the newest MAX_INPUT_OUTCOMES', () => {
    const log: InputOutcome[] = [];
    for (let i = 0; i < MAX_INPUT_OUTCOMES + 5; i++) recordOutcome(log, { messageId: `m${i}`, outcome: 'accepted', at: '', seq: i });
    expect(log).toHaveLength(MAX_INPUT_OUTCOMES);
    expect(log[0].messageId).toBe('m5');
  });

  it('turns an accepted input into a refusal when the agent refuses it or the task finishes first', () => {
    const log: InputOutcome[] = [{ messageId: 'm', digest: 'd', deliveryId: 'a', outcome: 'accepted', at: 't0', seq: 3 }];
    refuseAccepted(log, 'm', { reason: 'refused-by-agent', code: 'not-authorized', detail: 'bob does not hold an approver role', at: 't1', seq: 5 });
    expect(log).toEqual([{ messageId: 'm', digest: 'd', deliveryId: 'a', outcome: 'refused', reason: 'refused-by-agent', code: 'not-authorized', detail: 'bob does not hold an approver role', at: 't1', seq: 5 }]);
  });
});
