// Which wait a continued run takes up without announcing it again: only the one its previous run
// handed off in, recognised by its absolute deadline, and only once.
import type { CarriedTaskState } from '../../src/task-runtime/contract';
import { HandOff } from '../../workflows/task-runtime/continue-as-new';

const carriedWait = (inputWait: CarriedTaskState['inputWait']) => ({ inputWait }) as CarriedTaskState;

describe('resuming a wait in a continued run', () => {
  it('resumes the wait with the same absolute deadline, once', () => {
    const handOff = new HandOff(undefined, carriedWait({ deadline: 5_000 }));
    expect(handOff.resumesWait(5_000)).toBe(true);
    expect(handOff.resumesWait(5_000)).toBe(false);
  });

  it('treats a wait with another deadline as new (the deadline passed and the agent moved on), and forgets the old one', () => {
    const handOff = new HandOff(undefined, carriedWait({ deadline: 5_000 }));
    expect(handOff.resumesWait(9_000)).toBe(false);
    expect(handOff.resumesWait(5_000)).toBe(false);
  });

  it('resumes a wait without a deadline only as one without a deadline, and nothing in a first run', () => {
    expect(new HandOff(undefined, carriedWait({})).resumesWait(undefined)).toBe(true);
    expect(new HandOff(undefined, carriedWait({})).resumesWait(5_000)).toBe(false);
    expect(new HandOff(undefined, undefined).resumesWait(undefined)).toBe(false);
  });
});
