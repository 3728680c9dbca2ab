import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_REASON_LENGTH,
  MAX_SPEC_VALUE_DEPTH,
  parsePollResponse,
  stopAssignment,
  type PollResponse,
  type TaskSpec,
} from '../../../src/protocol/index.js';
import { refusal, refusesOnlyCleanly } from './parser-checks.js';

const arn = 'arn:aws:ecs:us-east-1:000000000000:task/default/9a';
const spec = (extra: Partial<TaskSpec> = {}): TaskSpec => ({
  taskArn: arn,
  taskId: '9a',
  clusterName: 'default',
  family: 'web',
  revision: 3,
  containers: [
    {
      name: 'web',
      image: 'nginx',
      essential: true,
      memory: 128,
      environment: [{ name: 'A', value: '1' }],
      healthCheck: { command: ['CMD-SHELL', 'true'], interval: 5 },
      linuxParameters: { capabilities: { add: ['NET_ADMIN'] }, tmpfs: [{ containerPath: '/t', size: 8 }] },
      portMappings: [{ containerPort: 80, hostPort: 49153, protocol: 'tcp' }],
    },
  ],
  volumes: [{ name: 'data', host: { sourcePath: '/srv' } }],
  taskCpu: 256,
  taskMemory: 512,
  networkMode: 'bridge',
  ...extra,
});
const response = (extra: Partial<PollResponse> = {}): PollResponse => ({
  pollIntervalMs: 1000,
  tasks: [
    { taskArn: arn, desiredStatus: 'RUNNING', spec: spec() },
    { taskArn: `${arn}b`, desiredStatus: 'STOPPED', stopReason: 'Task stopped by user', stopCode: 'UserInitiated' },
  ],
  acknowledged: [arn],
  unknown: [],
  ...extra,
});

const refused = (value: unknown) => refusal(parsePollResponse, value);
const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { x: nested(depth - 1) });

describe('parsePollResponse', () => {
  it('returns a well-formed answer as it is', () => {
    const res = response();
    expect(parsePollResponse(JSON.parse(JSON.stringify(res)))).toEqual(res);
  });

  it.each([
    ['an answer without pollIntervalMs', { ...response(), pollIntervalMs: undefined }, 'pollIntervalMs must be a number'],
    ['a zero poll interval', response({ pollIntervalMs: 0 }), 'pollIntervalMs must be between'],
    ['an answer without acknowledged', { ...response(), acknowledged: undefined }, 'acknowledged must be a list'],
    [
      'a RUNNING task without a spec',
      response({ tasks: [{ taskArn: arn, desiredStatus: 'RUNNING' } as never] }),
      'tasks[0].spec must be an object',
    ],
    [
      'a RUNNING task with a stop reason',
      response({ tasks: [{ taskArn: arn, desiredStatus: 'RUNNING', spec: spec(), stopReason: 'x' } as never] }),
      'tasks[0].stopReason is only for desiredStatus STOPPED',
    ],
    [
      'a STOPPED task with a spec',
      response({ tasks: [{ taskArn: arn, desiredStatus: 'STOPPED', spec: spec() } as never] }),
      'tasks[0].spec is only for desiredStatus RUNNING',
    ],
    [
      'a spec of another task',
      response({ tasks: [{ taskArn: `${arn}x`, desiredStatus: 'RUNNING', spec: spec() }] }),
      'tasks[0].spec.taskArn must be the assignment taskArn',
    ],
    [
      'an unknown desired status',
      response({ tasks: [{ taskArn: arn, desiredStatus: 'PENDING' } as never] }),
      'tasks[0].desiredStatus must be one of RUNNING, STOPPED',
    ],
    ['a task listed twice', response({ tasks: [response().tasks[1]!, response().tasks[1]!] }), 'tasks[1] repeats a taskArn'],
    [
      'a spec without containers',
      response({ tasks: [{ taskArn: arn, desiredStatus: 'RUNNING', spec: spec({ containers: [] }) }] }),
      'tasks[0].spec.containers must hold at least one container',
    ],
    [
      'a container member ECS does not define',
      response({ tasks: [{ taskArn: arn, desiredStatus: 'RUNNING', spec: spec({ containers: [{ name: 'w', bogus: 1 } as never] }) }] }),
      'tasks[0].spec.containers[0].bogus is not a member',
    ],
    [
      'a container without a name',
      response({ tasks: [{ taskArn: arn, desiredStatus: 'RUNNING', spec: spec({ containers: [{ image: 'x' } as never] }) }] }),
      'tasks[0].spec.containers[0].name must be a string',
    ],
    [
      'an unresolved port mapping',
      response({
        tasks: [
          {
            taskArn: arn,
            desiredStatus: 'RUNNING',
            spec: spec({ containers: [{ name: 'w', portMappings: [{ containerPort: 80 }] as never }] }),
          },
        ],
      }),
      'portMappings[0].hostPort must be an integer',
    ],
    [
      'a value nested too deeply',
      response({
        tasks: [
          {
            taskArn: arn,
            desiredStatus: 'RUNNING',
            spec: spec({ containers: [{ name: 'w', linuxParameters: nested(MAX_SPEC_VALUE_DEPTH + 1) } as never] }),
          },
        ],
      }),
      'is nested too deeply',
    ],
    [
      'an unknown network mode',
      response({ tasks: [{ taskArn: arn, desiredStatus: 'RUNNING', spec: spec({ networkMode: 'awsvpc' as never }) }] }),
      'spec.networkMode must be one of bridge, host, none',
    ],
    [
      'a volume member ECS does not define',
      response({ tasks: [{ taskArn: arn, desiredStatus: 'RUNNING', spec: spec({ volumes: [{ name: 'v', bogus: true } as never] }) }] }),
      'volumes[0].bogus is not a member',
    ],
  ])('refuses %s', (_what, value, message) => {
    expect(refused(value)).toContain(message);
  });

  it('never throws anything but InvalidMessageError, whatever JSON it is given', () => {
    refusesOnlyCleanly(parsePollResponse, fc.jsonValue());
  });
});

describe('stopAssignment', () => {
  it('cuts a long stop reason to the bound', () => {
    const a = stopAssignment(arn, 'y'.repeat(MAX_REASON_LENGTH * 2), 'UserInitiated');
    expect(a.stopReason).toHaveLength(MAX_REASON_LENGTH);
    expect(parsePollResponse(response({ tasks: [a] })).tasks).toEqual([a]);
    expect(stopAssignment(arn, undefined, undefined)).toEqual({ taskArn: arn, desiredStatus: 'STOPPED' });
  });
});
