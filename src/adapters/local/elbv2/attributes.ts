/**
 * Load balancer and target group attributes. DescribeXAttributes returns
 * every key AWS returns, with its value; ModifyXAttributes accepts a key
 * when the twin acts on it (`check` validates the value) or, for a key it does
 * not act on, only that key's default: an attribute is never stored and ignored.
 */
import { unsupported, validationError } from './model.js';

interface AttributeRule {
  default: string;
  /** Present when the twin acts on the attribute: an error message for a bad value, else undefined. */
  check?: (value: string) => string | undefined;
}

const integer = (min: number, max: number) => (v: string) =>
  /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max ? undefined : `must be an integer between ${min} and ${max}`;
const oneOf =
  (...values: string[]) =>
  (v: string) =>
    values.includes(v) ? undefined : `must be one of ${values.join(', ')}`;

export type AttributeTable = Readonly<Record<string, AttributeRule>>;

/** Application Load Balancer target group attributes (instance targets). */
export const TARGET_GROUP_ATTRIBUTES: AttributeTable = {
  'deregistration_delay.timeout_seconds': { default: '300', check: integer(0, 3600) },
  'load_balancing.algorithm.type': { default: 'round_robin', check: oneOf('round_robin', 'least_outstanding_requests') },
  'load_balancing.algorithm.anomaly_mitigation': { default: 'off' },
  'load_balancing.cross_zone.enabled': { default: 'use_load_balancer_configuration' },
  'slow_start.duration_seconds': { default: '0' },
  'stickiness.enabled': { default: 'false' },
  'stickiness.type': { default: 'lb_cookie' },
  'stickiness.lb_cookie.duration_seconds': { default: '86400' },
  'stickiness.app_cookie.cookie_name': { default: '' },
  'stickiness.app_cookie.duration_seconds': { default: '86400' },
  'target_group_health.dns_failover.minimum_healthy_targets.count': { default: '1' },
  'target_group_health.dns_failover.minimum_healthy_targets.percentage': { default: 'off' },
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': { default: '1' },
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': { default: 'off' },
};

/** Application Load Balancer attributes. */
export const LOAD_BALANCER_ATTRIBUTES: AttributeTable = {
  'idle_timeout.timeout_seconds': { default: '60', check: integer(1, 4000) },
  'deletion_protection.enabled': { default: 'false', check: oneOf('true', 'false') },
  'access_logs.s3.enabled': { default: 'false' },
  'access_logs.s3.bucket': { default: '' },
  'access_logs.s3.prefix': { default: '' },
  'routing.http2.enabled': { default: 'true' },
  'routing.http.drop_invalid_header_fields.enabled': { default: 'false' },
  'routing.http.xff_header_processing.mode': { default: 'append' },
  'routing.http.preserve_host_header.enabled': { default: 'false' },
  'routing.http.desync_mitigation_mode': { default: 'defensive' },
  'waf.fail_open.enabled': { default: 'false' },
};

export const defaults = (table: AttributeTable): Record<string, string> =>
  Object.fromEntries(Object.entries(table).map(([k, r]) => [k, r.default]));

/** The attributes after a Modify call, or a typed error naming the first bad key or value (nothing changes then). */
export function applyAttributes(
  table: AttributeTable,
  current: Readonly<Record<string, string>>,
  changes: readonly { Key?: string; Value?: string }[],
  what: string,
): Record<string, string> {
  const next = { ...current };
  for (const { Key: key, Value: value = '' } of changes) {
    if (!key) throw validationError('An attribute key must be specified.');
    const rule = Object.hasOwn(table, key) ? table[key] : undefined;
    if (!rule) throw validationError(`${what} attribute key '${key}' is not recognized.`);
    if (rule.check) {
      const problem = rule.check(value);
      if (problem) throw unsupportedValue(key, value, problem);
    } else if (value !== rule.default) {
      throw unsupported(
        `Berth's local load balancer does not act on ${what.toLowerCase()} attribute '${key}': only its default value '${rule.default}' is accepted.`,
      );
    }
    next[key] = value;
  }
  return next;
}

const unsupportedValue = (key: string, value: string, problem: string) =>
  validationError(`The value '${value}' of attribute '${key}' is not valid: it ${problem}.`);

export const toWire = (attributes: Readonly<Record<string, string>>) => Object.entries(attributes).map(([Key, Value]) => ({ Key, Value }));
