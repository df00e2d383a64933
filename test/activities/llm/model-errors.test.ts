// Retry classification of provider errors, without a server: the table the activity relies on.
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { ApplicationFailure } from '@temporalio/common';
import { parseRetryAfterMs, toModelFailure } from '../../../activities/llm/model-errors';

const apiError = (status: number | undefined, headers: Record<string, string> = {}, body: object = { message: 'provider says no' }) =>
  APIError.generate(status, { error: body }, undefined, status === undefined ? undefined : new Headers(headers));

describe('model error classification', () => {
  it.each([
    [429, 'ModelRateLimited', false],
    [408, 'ModelTimeout', false],
    [409, 'ModelServerError', false],
    [500, 'ModelServerError', false],
    [502, 'ModelServerError', false],
    [400, 'ModelRequestRejected', true],
    [422, 'ModelRequestRejected', true],
    [401, 'ModelAuthFailed', true],
    [403, 'ModelAuthFailed', true],
    [404, 'ModelNotFound', true],
  ])('status %i → %s (nonRetryable %s)', (status, type, nonRetryable) => {
    const failure = toModelFailure(apiError(status)) as ApplicationFailure;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type, nonRetryable });
    expect(failure.message).toContain('provider says no');
  });

  it('lets the provider override with x-should-retry', () => {
    expect(toModelFailure(apiError(400, { 'x-should-retry': 'true' }))).toMatchObject({ nonRetryable: false });
  });

  it('treats connection failures and timeouts as retryable', () => {
    expect(toModelFailure(new APIConnectionTimeoutError())).toMatchObject({ type: 'ModelTimeout', nonRetryable: false });
    expect(toModelFailure(new APIConnectionError({ cause: new Error('connect ECONNREFUSED') }))).toMatchObject({ type: 'ModelUnavailable', nonRetryable: false });
    expect(toModelFailure(new Error('x'), { timeoutMs: 5 })).toMatchObject({ type: 'ModelTimeout', nonRetryable: false });
  });

  it('parses retry-after-ms, retry-after seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfterMs(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' }), now)).toBe(1500);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }), now)).toBe(30_000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Wed, 31 Dec 2025 00:00:00 GMT' }), now)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers(), now)).toBeUndefined();
  });
});
