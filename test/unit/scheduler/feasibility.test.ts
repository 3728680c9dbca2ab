import { describe, expect, it } from 'vitest';
import { Feasibility } from '../../../src/scheduler/placement/feasibility.js';
import { buildChecks } from '../../../src/scheduler/placement/filters/pipeline.js';
import { compileDemand } from '../../../src/scheduler/placement/placement-demand.js';
import { WorkingInstance } from '../../../src/scheduler/placement/working-instance.js';
import { instance, request } from './fixtures.js';

const candidatesOf = (feasibility: Feasibility) => [...feasibility.candidates.slice(0, feasibility.candidateCount)].sort();

describe('Feasibility', () => {
  const task = compileDemand(request({ cpu: 1024, constraints: [{ type: 'distinctInstance' }] }));
  const setup = () => {
    const instances = [
      instance('a'),
      instance('b', { status: 'DRAINING' }),
      instance('c', { remainingCpu: 1024 }),
      instance('d', { agentConnected: false }),
    ].map((source, index) => new WorkingInstance(source, index, task));
    return { instances, feasibility: new Feasibility(instances, buildChecks(task)) };
  };

  it('lists the instances that pass every filter', () => {
    expect(candidatesOf(setup().feasibility)).toEqual([0, 2]);
  });

  it('drops an instance once a placement makes it infeasible, and keeps the rest', () => {
    const { instances, feasibility } = setup();
    instances[0]!.place(task);
    feasibility.refresh(0);
    expect(candidatesOf(feasibility)).toEqual([2]);
    feasibility.refresh(0);
    expect(candidatesOf(feasibility)).toEqual([2]);
    instances[2]!.place(task);
    feasibility.refresh(2);
    expect(candidatesOf(feasibility)).toEqual([]);
  });

  it('keeps the list right when the element moved by a removal is removed next', () => {
    const instances = ['x', 'y', 'z'].map((id, index) => new WorkingInstance(instance(id), index, task));
    const feasibility = new Feasibility(instances, buildChecks(task));
    for (const i of [0, 2]) {
      instances[i]!.place(task); // distinctInstance: one task makes the instance infeasible
      feasibility.refresh(i);
    }
    expect(candidatesOf(feasibility)).toEqual([1]);
  });

  it('reports the instance that got furthest, and why', () => {
    const { instances, feasibility } = setup();
    for (const i of [0, 2]) {
      instances[i]!.place(task);
      feasibility.refresh(i);
    }
    // a: passed status, agent, cpu, memory, then distinctInstance; c: stopped at cpu.
    expect(feasibility.closest()).toEqual({ instance: instances[0], reason: 'DistinctInstance placement constraint unsatisfied.' });
  });

  it('has no closest instance without instances', () => {
    expect(new Feasibility([], []).closest()).toBeUndefined();
  });
});
