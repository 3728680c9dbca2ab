import { describe, expect, it } from 'vitest';
import { placeTasks } from '../../../src/scheduler/placement/index.js';
import { mutableReads } from '../../../src/scheduler/placement/assumptions.js';
import { instance, request } from './fixtures.js';

const memberOf = (expression: string) => ({ type: 'memberOf' as const, expression });

describe('what a placement assumed about its instance (re-checked at commit)', () => {
  it('nothing for rules that read only what never changes under a placement (attributes), or no rules', () => {
    expect(placeTasks(request(), [instance('a')], { seed: 1 }).assumptions).toEqual({});
    const byAttribute = request({ constraints: [memberOf('attribute:ecs.instance-type == t3.large')] });
    expect(placeTasks(byAttribute, [instance('a')], { seed: 1 }).assumptions).toEqual({});
  });

  it("distinctInstance: the request's own group was absent, on each instance that got a task", () => {
    const out = placeTasks(
      request({ count: 2, constraints: [{ type: 'distinctInstance' }] }),
      [instance('a'), instance('b'), instance('c')],
      {
        seed: 1,
      },
    );
    expect(Object.keys(out.assumptions).sort()).toEqual(out.placements.map((p) => p.instanceId).sort());
    for (const a of Object.values(out.assumptions)) expect(a).toEqual({ groups: { 'service:web': false } });
  });

  it('task:group == / != / in: the named groups as the instance had them before the call', () => {
    const req = request({ count: 2, constraints: [memberOf('task:group == service:db and not(task:group in [service:x, service:y])')] });
    const a = instance('a', { taskGroups: { 'service:db': 1, 'service:x': 0 } });
    const out = placeTasks(req, [a], { seed: 1 });
    expect(out.placements).toHaveLength(2);
    expect(out.assumptions).toEqual({ a: { groups: { 'service:db': true, 'service:x': false, 'service:y': false } } });
  });

  it('task:group =~ pattern: every matching group, and that no group appeared since', () => {
    const req = request({ constraints: [memberOf('task:group !~ service:cache.*')] });
    const a = instance('a', { taskGroups: { 'service:cache-1': 0, 'service:web': 2 } });
    expect(placeTasks(req, [a], { seed: 1 }).assumptions).toEqual({
      a: { groups: { 'service:cache-1': false }, groupKeys: 2, groupsPruned: 0 },
    });
  });

  it('task:group =~ pattern on an instance whose idle groups were pruned: how many times, as read', () => {
    const req = request({ constraints: [memberOf('not(task:group =~ service:cache.*)')] });
    const a = instance('a', { taskGroups: { 'service:web': 2 }, taskGroupsPruned: 3 });
    expect(placeTasks(req, [a], { seed: 1 }).assumptions).toEqual({ a: { groupKeys: 1, groupsPruned: 3 } });
  });

  it('runningTasksCount: the count the rule compared', () => {
    const req = request({ constraints: [memberOf('runningTasksCount < 3')] });
    expect(placeTasks(req, [instance('a', { runningTasksCount: 2 })], { seed: 1 }).assumptions).toEqual({ a: { runningTasksCount: 2 } });
  });

  it('mutableReads walks and / or / not', () => {
    const reads = mutableReads(
      request({
        constraints: [memberOf('(task:group == g1 or runningTasksCount > 0) and not(task:group exists)'), { type: 'distinctInstance' }],
      }),
    );
    expect([...reads.groups].sort()).toEqual(['g1', 'service:web']);
    expect(reads.groupPatterns).toHaveLength(1);
    expect(reads.runningTasksCount).toBe(true);
  });
});
