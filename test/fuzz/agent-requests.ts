import type { Random } from '../../src/scheduler/placement/random.js';
import type { Fixture } from './fixture.js';
import { between, pick, randomWord } from './model-values.js';
import { toJson, type Mutation } from './model-mutations.js';

/**
 * Bodies for `POST /agent/v1/poll`. The poll's own schema belongs to the
 * protocol module; what the fuzzer knows must be refused is what the HTTP
 * layer caps (size, depth, string length, content type, not an object) and
 * what any poll parser refuses (cluster / containerInstanceArn missing or not
 * strings, reports not a list, a report status outside the protocol).
 */
export interface AgentMutation extends Mutation {
  contentType?: string;
}

const validPoll = (fx: Fixture) => ({ cluster: fx.cluster, containerInstanceArn: fx.instanceArn, reports: [] as unknown[], full: false });
const report = (fx: Fixture, status: unknown) => ({
  taskArn: fx.ghostTaskArn,
  status,
  containers: [
    { name: 'web', status: 'RUNNING', networkBindings: [{ bindIP: '0.0.0.0', containerPort: 80, hostPort: 49153, protocol: 'tcp' }] },
  ],
});

export function invalidAgentPoll(fx: Fixture, random: Random): AgentMutation {
  const poll = validPoll(fx);
  const choices: (() => AgentMutation)[] = [
    () => ({ label: 'poll body not an object', body: pick(random, ['[]', '"poll"', '42', 'null', 'true']) }),
    () => ({ label: 'poll body not JSON', body: pick(random, ['{"cluster":', 'cluster=x', '\u0000\u0001', '{"a":1}{"b":2}']) }),
    () => ({ label: 'poll as text/plain', body: toJson(poll), contentType: 'text/plain' }),
    () => ({ label: 'poll as form data', body: 'cluster=a&containerInstanceArn=b', contentType: 'application/x-www-form-urlencoded' }),
    () => ({ label: 'poll nested 17+ deep', body: toJson({ ...poll, reports: [JSON.parse(`${'['.repeat(20)}${']'.repeat(20)}`)] }) }),
    () => ({ label: 'poll nested 10,000 deep', body: `{"cluster":"${fx.cluster}","extra":${'['.repeat(10_000)}${']'.repeat(10_000)}}` }),
    () => ({ label: 'poll with a 9 KB-1 MB cluster', body: toJson({ ...poll, cluster: 'c'.repeat(between(random, 9_000, 1_000_000)) }) }),
    () => ({
      label: 'poll with a huge containerInstanceArn',
      body: toJson({ ...poll, containerInstanceArn: `${fx.instanceArn}${'x'.repeat(between(random, 9_000, 500_000))}` }),
    }),
    () => ({ label: 'poll over 1 MiB', body: toJson({ ...poll, reports: Array.from({ length: 6_000 }, () => report(fx, 'RUNNING')) }) }),
    () => ({ label: 'poll without cluster', body: toJson({ containerInstanceArn: fx.instanceArn, reports: [] }) }),
    () => ({ label: 'poll without containerInstanceArn', body: toJson({ cluster: fx.cluster, reports: [] }) }),
    () => ({ label: 'poll with a numeric cluster', body: toJson({ ...poll, cluster: pick(random, [1, true, ['x'], { a: 1 }]) }) }),
    () => ({
      label: 'poll with a non-string containerInstanceArn',
      body: toJson({ ...poll, containerInstanceArn: pick(random, [1, null, ['x']]) }),
    }),
    () => ({ label: 'poll with reports not a list', body: toJson({ ...poll, reports: pick(random, [{}, 'x', 5]) }) }),
    () => ({
      label: 'poll report with a bad status',
      body: toJson({ ...poll, reports: [report(fx, pick(random, ['EXPLODED', 5, null, '']))] }),
    }),
    () => ({ label: 'poll report without taskArn', body: toJson({ ...poll, reports: [{ status: 'RUNNING', containers: [] }] }) }),
  ];
  return pick(random, choices)();
}

/** Polls any parser may accept or refuse (unknown instance, odd members): no 5xx, AWS shape, no leak. */
export function anyAgentPoll(fx: Fixture, random: Random): AgentMutation {
  const poll = validPoll(fx);
  const choices: (() => AgentMutation)[] = [
    () => ({ label: 'valid empty poll', body: toJson(poll) }),
    () => ({ label: 'poll of an unknown instance', body: toJson({ ...poll, containerInstanceArn: randomWord(random, 32) }) }),
    () => ({ label: 'poll of an unknown cluster', body: toJson({ ...poll, cluster: randomWord(random, 10) }) }),
    () => ({ label: 'poll with an ARN of another kind', body: toJson({ ...poll, containerInstanceArn: fx.clusterArn }) }),
    () => ({
      label: 'poll reporting an unknown task',
      body: toJson({ ...poll, reports: [report(fx, pick(random, ['PENDING', 'RUNNING', 'STOPPED']))] }),
    }),
    () => ({
      label: 'poll with usage of an unknown task',
      body: toJson({ ...poll, usage: [{ taskArn: fx.ghostTaskArn, cpuPercent: 1.5, memoryBytes: 1024 }] }),
    }),
    () => ({
      label: 'poll with an unknown member',
      body: toJson({ ...poll, [pick(random, ['__proto__', 'constructor', 'extra'])]: { a: 1 } }),
    }),
  ];
  return pick(random, choices)();
}
