// The breaker that lets reads stop waiting on queries no worker answers: open for a while after one
// went unanswered, then one read at a time probes while the others keep answering from the copy.
import { QueryBreaker } from '../../api/temporal/published-reads';

describe('QueryBreaker', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('admits every read until a query goes unanswered, then none until it has been open for a while', () => {
    const breaker = new QueryBreaker(5_000);
    expect([breaker.admit(), breaker.admit()]).toEqual(['query', 'query']);
    breaker.unanswered();
    expect(breaker.admit()).toBe('copy');
    jest.setSystemTime(4_999);
    expect(breaker.admit()).toBe('copy');
  });

  it('lets one probe through once open long enough; an answer closes it, another silence opens it again', () => {
    const breaker = new QueryBreaker(5_000);
    breaker.unanswered();
    jest.setSystemTime(5_000);
    expect([breaker.admit(), breaker.admit()]).toEqual(['probe', 'copy']);
    breaker.unanswered();
    jest.setSystemTime(9_999);
    expect(breaker.admit()).toBe('copy');
    jest.setSystemTime(10_000);
    expect(breaker.admit()).toBe('probe');
    breaker.answered();
    expect([breaker.admit(), breaker.admit()]).toEqual(['query', 'query']);
  });

  it('a probe that ended otherwise lets the next read probe', () => {
    const breaker = new QueryBreaker(1_000);
    breaker.unanswered();
    jest.setSystemTime(1_000);
    expect(breaker.admit()).toBe('probe');
    breaker.released();
    expect(breaker.admit()).toBe('probe');
  });
});
