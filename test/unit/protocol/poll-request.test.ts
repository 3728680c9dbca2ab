import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fitTaskReport,
  MAX_REASON_LENGTH,
  MAX_REPORTS_PER_POLL,
  parsePollRequest,
  type PollRequest,
  type TaskReport,
} from '../../../src/protocol/index.js';
import { refusal, refusesOnlyCleanly } from './parser-checks.js';

const arn = (id: string) => `arn:aws:ecs:us-east-1:000000000000:task/default/${id}`;
const report = (id: string, extra: Partial<TaskReport> = {}): TaskReport => ({
  taskArn: arn(id),
  status: 'RUNNING',
  health: 'HEALTHY',
  containers: [
    {
      name: 'web',
      runtimeId: 'c0ffee',
      status: 'RUNNING',
      health: 'HEALTHY',
      networkBindings: [{ bindIP: '0.0.0.0', containerPort: 80, hostPort: 49153, protocol: 'tcp' }],
      pid: 4242,
      startedAt: 1_764_172_800_200,
    },
  ],
  pullStartedAt: 1_764_172_800_000,
  pullStoppedAt: 1_764_172_800_100,
  startedAt: 1_764_172_800_200,
  ...extra,
});
const request = (extra: Record<string, unknown> = {}): PollRequest => ({
  cluster: 'default',
  containerInstanceArn: 'arn:aws:ecs:us-east-1:000000000000:container-instance/default/3f',
  reports: [
    report('a'),
    report('b', { status: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' }),
  ],
  full: true,
  usage: [{ taskArn: arn('a'), cpuPercent: 3.5, memoryBytes: 10_485_760 }],
  ...extra,
});

const refused = (value: unknown) => refusal(parsePollRequest, value);

describe('parsePollRequest', () => {
  it('returns a well-formed request as it is', () => {
    const req = request();
    expect(parsePollRequest(JSON.parse(JSON.stringify(req)))).toEqual(req);
  });

  it('needs only cluster and containerInstanceArn; null members count as absent', () => {
    const min = { cluster: 'default', containerInstanceArn: 'arn:x' };
    expect(parsePollRequest(min)).toEqual(min);
    expect(parsePollRequest({ ...min, reports: null, usage: null, full: null })).toEqual(min);
  });

  it.each([
    ['a list', [], 'message must be an object'],
    ['a string', 'poll', 'message must be an object'],
    ['null', null, 'message must be an object'],
    ['no cluster', { containerInstanceArn: 'arn:x' }, 'cluster must be a string'],
    ['an empty cluster', { cluster: '', containerInstanceArn: 'arn:x' }, 'cluster must not be empty'],
    ['a numeric ARN', { cluster: 'c', containerInstanceArn: 7 }, 'containerInstanceArn must be a string'],
    ['an unknown member', { ...request(), extra: 1 }, 'extra is not a member of this message'],
    ['reports that are not a list', request({ reports: {} }), 'reports must be a list'],
    [
      'a report with no containers list',
      request({ reports: [{ taskArn: 'a', status: 'RUNNING' }] }),
      'reports[0].containers must be a list',
    ],
    [
      'an unknown status',
      request({ reports: [report('a', { status: 'DONE' as never })] }),
      'reports[0].status must be one of PENDING, RUNNING, STOPPED',
    ],
    ['an unknown stop code', request({ reports: [report('a', { stopCode: 'Nope' as never })] }), 'reports[0].stopCode must be one of'],
    [
      'a container member it does not know',
      request({ reports: [report('a', { containers: [{ name: 'w', status: 'RUNNING', cpu: 1 } as never] })] }),
      'reports[0].containers[0].cpu is not a member',
    ],
    [
      'a fractional exit code',
      request({ reports: [report('a', { containers: [{ name: 'w', status: 'STOPPED', exitCode: 1.5 }] })] }),
      'exitCode must be an integer',
    ],
    [
      'a host port out of range',
      request({
        reports: [
          report('a', {
            containers: [
              {
                name: 'w',
                status: 'RUNNING',
                networkBindings: [{ bindIP: '0.0.0.0', containerPort: 80, hostPort: 70000, protocol: 'tcp' }],
              },
            ],
          }),
        ],
      }),
      'hostPort must be between 0 and 65535',
    ],
    [
      'a timestamp that is text',
      request({ reports: [report('a', { startedAt: '2025' as never })] }),
      'reports[0].startedAt must be a number',
    ],
    [
      'a negative memory figure',
      request({ usage: [{ taskArn: 'a', cpuPercent: 1, memoryBytes: -1 }] }),
      'usage[0].memoryBytes must be between',
    ],
    ['full as text', request({ full: 'yes' }), 'full must be true or false'],
    ['a task reported twice', request({ reports: [report('a'), report('a')] }), 'reports[1] repeats a taskArn listed before'],
    [
      'usage of a task twice',
      request({
        usage: [
          { taskArn: 'a', cpuPercent: 1, memoryBytes: 1 },
          { taskArn: 'a', cpuPercent: 1, memoryBytes: 1 },
        ],
      }),
      'usage[1] repeats',
    ],
    [
      'a container reported twice',
      request({
        reports: [
          report('a', {
            containers: [
              { name: 'w', status: 'RUNNING' },
              { name: 'w', status: 'RUNNING' },
            ],
          }),
        ],
      }),
      'containers[1] repeats a container name',
    ],
  ])('refuses %s', (_what, value, message) => {
    expect(refused(value)).toContain(message);
  });

  it('refuses more than MAX_REPORTS_PER_POLL reports and over-long strings, without echoing them', () => {
    const many = Array.from({ length: MAX_REPORTS_PER_POLL + 1 }, (_, i) => report(String(i)));
    expect(refused(request({ reports: many }))).toBe(`reports must hold at most ${MAX_REPORTS_PER_POLL} items`);
    const long = 'x'.repeat(MAX_REASON_LENGTH + 1);
    const message = refused(request({ reports: [report('a', { stoppedReason: long })] }));
    expect(message).toBe(`reports[0].stoppedReason must be at most ${MAX_REASON_LENGTH} characters`);
    expect(refused({ cluster: 'c'.repeat(100_000), containerInstanceArn: 'x' }).length).toBeLessThan(100);
  });

  it('never throws anything but InvalidMessageError, whatever JSON it is given', () => {
    refusesOnlyCleanly(parsePollRequest, fc.jsonValue());
  });

  it('never throws anything but InvalidMessageError on a valid request with one member replaced', () => {
    const valid = JSON.parse(JSON.stringify(request()));
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, Array.isArray(v) ? Number(k) : k]);
    };
    walk(valid, []);
    const replaced = fc.tuple(fc.constantFrom(...paths.filter((p) => p.length)), fc.jsonValue()).map(([path, replacement]) => {
      const copy = JSON.parse(JSON.stringify(valid));
      let at = copy;
      for (const k of path.slice(0, -1)) at = at[k];
      at[path.at(-1)!] = replacement;
      return copy;
    });
    refusesOnlyCleanly(parsePollRequest, replaced);
  });
});

describe('fitTaskReport', () => {
  it('truncates reasons to the bound (never splitting a surrogate pair), so the report parses', () => {
    const long = `${'x'.repeat(MAX_REASON_LENGTH - 1)}😀 and more`;
    const fitted = fitTaskReport(report('a', { stoppedReason: long, containers: [{ name: 'w', status: 'STOPPED', reason: long }] }));
    expect(fitted.stoppedReason).toBe('x'.repeat(MAX_REASON_LENGTH - 1));
    expect(fitted.containers[0]!.reason).toBe('x'.repeat(MAX_REASON_LENGTH - 1));
    expect(() => parsePollRequest(request({ reports: [fitted] }))).not.toThrow();
    const short = report('b');
    expect(fitTaskReport(short)).toBe(short);
  });
});
