import { describe, expect, it } from 'vitest';
import { ApiError, isUnavailable } from '../../../console/src/model/api-error.js';
import { nextDelay } from '../../../console/src/model/backoff.js';

describe('API errors as the console shows them', () => {
  it('takes the code from __type (namespace stripped) and the message verbatim', () => {
    const err = ApiError.fromResponse(
      400,
      { __type: 'com.amazonaws.ecs#InvalidParameterException', message: 'desiredCount must not be negative.' },
      '',
    );
    expect(err.toString()).toBe('InvalidParameterException: desiredCount must not be negative.');
    expect(ApiError.fromResponse(400, { __type: 'ClusterNotFoundException', Message: 'Cluster not found.' }, '').toString()).toBe(
      'ClusterNotFoundException: Cluster not found.',
    );
  });

  it("prefers CloudWatch's x-amzn-query-error code, and falls back to the status and body text", () => {
    expect(ApiError.fromResponse(400, { __type: 'x#ResourceNotFound', message: 'm' }, '', 'ResourceNotFound;Sender').code).toBe(
      'ResourceNotFound',
    );
    expect(ApiError.fromResponse(502, {}, 'Bad gateway').toString()).toBe('HTTP502: Bad gateway');
  });

  it('tells an API the endpoint does not serve from a refusal', () => {
    expect(
      isUnavailable(new ApiError('UnknownOperationException', 'Unknown operation AnyScaleFrontendService.DescribeScalableTargets.', 400)),
    ).toBe(true);
    expect(isUnavailable(new ApiError('NotFound', '', 404))).toBe(true);
    expect(isUnavailable(new ApiError('AccessDeniedException', 'no', 400))).toBe(false);
    expect(isUnavailable(new Error('network'))).toBe(false);
  });
});

describe('refresh back-off', () => {
  it('keeps the interval while the API answers, doubles per failure, caps at the maximum', () => {
    expect([0, 1, 2, 3, 4, 5, 50].map((n) => nextDelay(2500, n))).toEqual([2500, 5000, 10000, 20000, 30000, 30000, 30000]);
    expect(nextDelay(1000, 2, 3000)).toBe(3000);
  });
});
