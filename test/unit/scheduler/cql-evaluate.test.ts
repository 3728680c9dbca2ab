import { describe, expect, it } from 'vitest';
import { compileCql, type CqlTarget } from '../../../src/scheduler/placement/cql/evaluate.js';

const base: CqlTarget = {
  agentConnected: true,
  agentVersion: '1.14.5',
  ec2InstanceId: 'i-abcd1234',
  registeredAt: Date.UTC(2018, 1, 13, 12, 30, 15, 250), // 2018-02-13T12:30:15.250Z
  runningTasksCount: 3,
  attributes: {
    'ecs.availability-zone': 'us-east-1a',
    'ecs.instance-type': 't3.micro',
    'ecs.capability.task-eni': null,
    cores: '8',
    release: '1.10.2',
    tier: 'gold',
  },
  taskGroups: { 'service:web': 2, 'family:batch': 1, 'service:gone': 0 },
};

const noVersion: CqlTarget = { ...base };
delete noVersion.agentVersion;
delete noVersion.ec2InstanceId;

type Row = [expression: string, expected: boolean, target?: CqlTarget];

const evaluate = ([expression, expected, target = base]: Row) => expect(compileCql(expression)(target), expression).toBe(expected);

describe('attribute subject', () => {
  it.each<Row>([
    ['attribute:ecs.instance-type == t3.micro', true],
    ['attribute:ecs.instance-type equals t2.small', false],
    ['attribute:missing == x', false],
    ['attribute:ecs.capability.task-eni == x', false],
    ['attribute:ecs.instance-type != t2.small', true],
    ['attribute:ecs.instance-type not_equals t3.micro', false],
    // != is the complement of ==, so an absent attribute is "not equal"
    ['attribute:missing != x', true],
    ['attribute:cores > 4', true],
    ['attribute:cores > 16', false], // numeric, not "8" > "16" as strings
    ['attribute:cores >= 8', true],
    ['attribute:cores < 8', false],
    ['attribute:cores <= 8', true],
    ['attribute:release > 1.9', true], // versions compare part by part
    ['attribute:release less_than 1.10.10', true],
    ['attribute:tier > bronze', true], // plain strings by code unit
    ['attribute:tier < silver', true],
    ['attribute:missing > 1', false],
    ['attribute:missing < 1', false],
    ['attribute:ecs.capability.task-eni exists', true],
    ['attribute:missing exists', false],
    ['attribute:missing !exists', true],
    ['attribute:ecs.instance-type not_exists', false],
    ['attribute:ecs.availability-zone in (us-east-1a, us-east-1b)', true],
    ['attribute:ecs.availability-zone in [us-east-1b, us-east-1c]', false],
    ['attribute:missing in (x)', false],
    ['attribute:ecs.availability-zone !in (us-east-1b)', true],
    ['attribute:ecs.availability-zone not_in (us-east-1a)', false],
    ['attribute:missing !in (x)', true],
    ['attribute:ecs.instance-type =~ t3.*', true],
    ['attribute:ecs.instance-type matches t3', false], // the whole value must match
    ['attribute:ecs.instance-type =~ *.micro', true], // not a regex: read as a wildcard
    ['attribute:ecs.instance-type =~ ?3.micro', true], // invalid regex: ? is one character
    ['attribute:ecs.instance-type =~ t?.micro', false], // valid regex: optional t, any char, micro
    ['attribute:ecs.instance-type =~ "(t3|m5)\\\\.micro"', true],
    ['attribute:ecs.instance-type =~ m5.*', false],
    ['attribute:missing =~ .*', false],
    ['attribute:ecs.capability.task-eni =~ .*', false],
    ['attribute:ecs.instance-type !~ m5.*', true],
    ['attribute:ecs.instance-type not_matches t3.*', false],
    ['attribute:constructor exists', false], // own attributes only
    ['attribute:toString == x', false],
  ])('%s -> %s', (...row) => evaluate(row));
});

describe('agentConnected, agentVersion, ec2InstanceId', () => {
  it.each<Row>([
    ['agentConnected == true', true],
    ['agentConnected == TRUE', true],
    ['agentConnected == false', false],
    ['agentConnected == false', true, { ...base, agentConnected: false }],
    ['agentConnected != true', false],
    ['agentConnected in (true, false)', true],
    ['agentConnected !in (true)', false],
    ['agentConnected =~ t.*', true],
    ['agentConnected !~ t.*', false],
    ['agentVersion == 1.14.5', true],
    ['agentVersion != 1.14.5', false],
    ['agentVersion < 1.15.0', true],
    ['agentVersion < 1.9.0', false],
    ['agentVersion <= 1.14.5', true],
    ['agentVersion > 1.14', true],
    ['agentVersion >= 1.14.6', false],
    ['agentVersion < 2.0.0', false, noVersion],
    ['ec2InstanceId == i-abcd1234', true],
    ['ec2InstanceId != i-abcd1234', false],
    ["ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']", true],
    ['ec2InstanceId not_in (i-wxyx7890)', true],
    ['ec2InstanceId =~ i-abcd.*', true],
    ['ec2InstanceId !~ i-abcd.*', false],
    ['ec2InstanceId == i-abcd1234', false, noVersion],
    ['ec2InstanceId != i-abcd1234', true, noVersion],
  ])('%s -> %s', (...row) => evaluate(row));
});

describe('registeredAt compares intervals', () => {
  it.each<Row>([
    ['registeredAt == 2018-02-13', true], // within that day
    ['registeredAt == 2018-02-14', false],
    ['registeredAt != 2018-02-13', false],
    ['registeredAt < 2018-02-13', false], // not before the day starts
    ['registeredAt < 2018-02-14', true],
    ['registeredAt <= 2018-02-13', true],
    ['registeredAt > 2018-02-13', false], // not after the day ends
    ['registeredAt > 2018-02-12', true],
    ['registeredAt >= 2018-02-13', true],
    ['registeredAt == 2018-02-13T12:30:15Z', true], // within that second
    ['registeredAt == 2018-02-13T12:30:15', true], // no zone = UTC
    ['registeredAt == 2018-02-13T14:30:15+02:00', true],
    ['registeredAt == 2018-02-13T07:30:15-05:00', true],
    ['registeredAt == 2018-02-13T12:30:15.250Z', true],
    ['registeredAt == 2018-02-13T12:30:15.251Z', false],
    ['registeredAt > 2018-02-13T12:30:14Z', true],
    ['registeredAt < 2018-02-13T12:30:16Z', true],
    ['registeredAt >= 2018-02-13T12:30:16Z', false],
  ])('%s -> %s', (...row) => evaluate(row));
});

describe('runningTasksCount', () => {
  it.each<Row>([
    ['runningTasksCount == 3', true],
    ['runningTasksCount != 3', false],
    ['runningTasksCount > 2', true],
    ['runningTasksCount > 3', false],
    ['runningTasksCount >= 3', true],
    ['runningTasksCount < 3', false],
    ['runningTasksCount <= 3', true],
    ['runningTasksCount == 0', true, { ...base, runningTasksCount: 0 }],
  ])('%s -> %s', (...row) => evaluate(row));
});

describe('task:group', () => {
  it.each<Row>([
    ['task:group == service:web', true],
    ['task:group == service:db', false],
    ['task:group == service:gone', false], // a zero count is no task
    ['task:group != service:web', false],
    ['not(task:group == service:db)', true],
    ['task:group in (service:db, family:batch)', true],
    ['task:group !in (service:db, service:gone)', true],
    ['task:group =~ service:.*', true],
    ['task:group =~ service:g.*', false],
    ['task:group !~ family:.*', false],
    ['task:group exists', true],
    ['task:group exists', false, { ...base, taskGroups: { 'service:gone': 0 } }],
    ['task:group !exists', true, { ...base, taskGroups: {} }],
    ['task:group == constructor', false],
  ])('%s -> %s', (...row) => evaluate(row));
});

describe('boolean operators', () => {
  it.each<Row>([
    ['attribute:tier == gold and runningTasksCount == 3', true],
    ['attribute:tier == gold && runningTasksCount == 4', false],
    ['attribute:tier == silver or runningTasksCount == 3', true],
    ['attribute:tier == silver || runningTasksCount == 4', false],
    ['not attribute:tier == gold', false],
    ['!attribute:tier == silver', true],
    ['! ! attribute:tier == gold', true],
    ['attribute:tier == silver or attribute:tier == gold and runningTasksCount == 4', false],
    ['(attribute:tier == silver or attribute:tier == gold) and runningTasksCount == 3', true],
    ['(attribute:tier == silver or attribute:tier == gold) and not (runningTasksCount == 3)', false],
  ])('%s -> %s', (...row) => evaluate(row));
});

it('compiles once and evaluates many targets', () => {
  const predicate = compileCql('attribute:ecs.availability-zone in (us-east-1a, us-east-1b)');
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  const results = zones.map((zone) => predicate({ ...base, attributes: { 'ecs.availability-zone': zone } }));
  expect(results).toEqual([true, true, false]);
});
