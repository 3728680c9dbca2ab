import { invalidParameter } from './errors.js';

/**
 * ECS account settings (PutAccountSetting & co.): names and values from the
 * ECS model and documentation, AWS's defaults, and what Berth does with each.
 */
export const ACCOUNT_SETTING_VALUES: Readonly<Record<string, readonly string[]>> = {
  serviceLongArnFormat: ['enabled', 'disabled'],
  taskLongArnFormat: ['enabled', 'disabled'],
  containerInstanceLongArnFormat: ['enabled', 'disabled'],
  awsvpcTrunking: ['enabled', 'disabled'],
  containerInsights: ['enabled', 'disabled', 'enhanced'],
  fargateFIPSMode: ['enabled', 'disabled'],
  tagResourceAuthorization: ['on', 'off'],
  fargateTaskRetirementWaitPeriod: ['0', '7', '14'],
  guardDutyActivate: ['on', 'off'],
  defaultLogDriverMode: ['blocking', 'non-blocking'],
  fargateEventWindows: ['enabled', 'disabled'],
};

/** What an account has before anyone sets anything (type AWS_MANAGED). */
export const AWS_MANAGED_DEFAULTS: Readonly<Record<string, string>> = {
  serviceLongArnFormat: 'enabled',
  taskLongArnFormat: 'enabled',
  containerInstanceLongArnFormat: 'enabled',
  awsvpcTrunking: 'disabled',
  containerInsights: 'disabled',
  fargateFIPSMode: 'disabled',
  tagResourceAuthorization: 'on',
  fargateTaskRetirementWaitPeriod: '7',
  guardDutyActivate: 'off',
  defaultLogDriverMode: 'non-blocking',
  fargateEventWindows: 'disabled',
};

/**
 * Values Berth cannot honour are refused, never stored: its ARNs are always
 * the long format, it has no awsvpc trunking, and GuardDuty sets its own.
 * containerInsights is honoured (a new cluster's default); the Fargate
 * settings, tagResourceAuthorization and defaultLogDriverMode are stored
 * and listed (the issue asks no more of them).
 */
export function checkAccountSetting(name: string, value: string): void {
  const allowed = ACCOUNT_SETTING_VALUES[name];
  if (!allowed) throw invalidParameter(`Unknown account setting name: ${name}.`);
  if (!allowed.includes(value)) throw invalidParameter(`Invalid value "${value}" for ${name}; valid values: ${allowed.join(', ')}.`);
  if (name.endsWith('LongArnFormat') && value === 'disabled') {
    throw invalidParameter(`Berth always uses the long ARN format: ${name} cannot be disabled.`);
  }
  if (name === 'awsvpcTrunking' && value === 'enabled') {
    throw invalidParameter('Berth does not support awsvpc networking, so awsvpcTrunking cannot be enabled.');
  }
  if (name === 'guardDutyActivate') throw invalidParameter('guardDutyActivate is set by Amazon GuardDuty, not by PutAccountSetting.');
}
