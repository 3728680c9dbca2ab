import { describe, expect, it } from 'vitest';
import { applyAttributes, defaults, TARGET_GROUP_ATTRIBUTES } from '../../../src/adapters/local/elbv2/attributes.js';
import { parseHttpCodeMatcher } from '../../../src/adapters/local/elbv2/health-matcher.js';
import { afterCheck, justRegistered, type CheckResult, type TargetHealth } from '../../../src/adapters/local/elbv2/target-health.js';
import { pickTarget, routable, type Candidate } from '../../../src/adapters/local/elbv2/target-picker.js';

describe('ALB success-code matcher', () => {
  it.each([
    ['200', 200, true],
    ['200', 204, false],
    ['200,202', 202, true],
    ['200-299', 299, true],
    ['200-299', 301, false],
    ['200-204, 404', 404, true],
  ])('%s matches %i: %s', (spec, status, ok) => expect(parseHttpCodeMatcher(spec)(status)).toBe(ok));

  it.each(['600', '199', '300-200', 'abc', '200-'])('refuses %s', (spec) =>
    expect(() => parseHttpCodeMatcher(spec)).toThrow(/Health check matcher/),
  );
});

describe('target health state machine', () => {
  const ok: CheckResult = { ok: true };
  const bad: CheckResult = { ok: false, reason: 'Target.Timeout', description: 'Request timed out' };
  const thresholds = { healthy: 3, unhealthy: 2 };
  const run = (start: TargetHealth, results: CheckResult[]) => results.reduce((h, r) => afterCheck(h, r, thresholds), start);

  it('needs the healthy threshold of passes in a row to leave initial', () => {
    expect(run(justRegistered(), [ok, ok]).state).toBe('initial');
    expect(run(justRegistered(), [ok, ok])).toMatchObject({ reason: 'Elb.InitialHealthChecking' });
    expect(run(justRegistered(), [ok, ok, ok])).toEqual({ state: 'healthy', passes: 3, failures: 0 });
    expect(run(justRegistered(), [ok, ok, bad, ok, ok]).state).toBe('initial');
  });

  it('turns unhealthy after the unhealthy threshold of failures, with the last failure as reason, and recovers', () => {
    const healthy = run(justRegistered(), [ok, ok, ok]);
    expect(run(healthy, [bad]).state).toBe('healthy');
    const sick = run(healthy, [bad, bad]);
    expect(sick).toMatchObject({ state: 'unhealthy', reason: 'Target.Timeout', description: 'Request timed out' });
    expect(run(sick, [ok, ok]).state).toBe('unhealthy');
    expect(run(sick, [ok, ok, ok]).state).toBe('healthy');
  });

  it('ignores results for draining and unused targets', () => {
    const draining: TargetHealth = { state: 'draining', passes: 0, failures: 0 };
    expect(afterCheck(draining, ok, thresholds)).toBe(draining);
  });
});

describe('target choice', () => {
  const t = (key: string, state: Candidate['state'], inFlight = 0): Candidate => ({ key, state, inFlight });

  it('routes to healthy targets only, and never to draining ones', () => {
    expect(routable([t('a', 'healthy'), t('b', 'initial'), t('c', 'draining'), t('d', 'unhealthy')]).map((c) => c.key)).toEqual(['a']);
  });

  it('fails open over all targets when every one is unhealthy, and has nothing while they are initial', () => {
    expect(routable([t('a', 'unhealthy'), t('b', 'unhealthy'), t('c', 'draining')]).map((c) => c.key)).toEqual(['a', 'b']);
    expect(routable([t('a', 'initial'), t('b', 'unhealthy')])).toEqual([]);
    expect(routable([])).toEqual([]);
  });

  it('round-robins, or picks the least outstanding requests', () => {
    const targets = [t('a', 'healthy', 5), t('b', 'healthy', 1), t('c', 'healthy', 3)];
    const cursor = { next: 0 };
    expect([1, 2, 3, 4].map(() => pickTarget(targets, 'round_robin', cursor)!.key)).toEqual(['a', 'b', 'c', 'a']);
    expect(pickTarget(targets, 'least_outstanding_requests', { next: 0 })!.key).toBe('b');
  });
});

describe('target group attributes', () => {
  it('acts on deregistration delay and the algorithm, and accepts other keys only at their defaults', () => {
    const base = defaults(TARGET_GROUP_ATTRIBUTES);
    expect(
      applyAttributes(TARGET_GROUP_ATTRIBUTES, base, [{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }], 'Target group'),
    ).toMatchObject({
      'deregistration_delay.timeout_seconds': '5',
    });
    expect(() =>
      applyAttributes(TARGET_GROUP_ATTRIBUTES, base, [{ Key: 'deregistration_delay.timeout_seconds', Value: '3601' }], 'Target group'),
    ).toThrow(/between 0 and 3600/);
    expect(applyAttributes(TARGET_GROUP_ATTRIBUTES, base, [{ Key: 'stickiness.enabled', Value: 'false' }], 'Target group')).toEqual(base);
    expect(() => applyAttributes(TARGET_GROUP_ATTRIBUTES, base, [{ Key: 'stickiness.enabled', Value: 'true' }], 'Target group')).toThrow(
      /only its default/,
    );
  });
});
