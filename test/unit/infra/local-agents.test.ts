import { describe, expect, it } from 'vitest';
import { autoscalingPortSlices, dynamicPortSlice, MAX_LOCAL_AGENTS, startLocalAgents } from '../../../infra/local/local-agents.js';
import { DYNAMIC_PORT_MAX } from '../../../src/protocol/index.js';

const range = (slice: string) => slice.split('-').map(Number) as [number, number];

describe('local agents', () => {
  it('give each agent of the local cluster its own 1000 dynamic host ports', () => {
    expect(dynamicPortSlice(0)).toBe('49153-50152');
    expect(dynamicPortSlice(1)).toBe('50153-51152');
    expect(MAX_LOCAL_AGENTS).toBe(12);
    expect(dynamicPortSlice(MAX_LOCAL_AGENTS - 1)).toBe('60153-61152');
  });

  it('give the Auto Scaling twin the rest, in disjoint slices that never overlap the local cluster', () => {
    const slices = autoscalingPortSlices().map(range);
    expect(slices.length).toBe(10);
    expect(slices[0]).toEqual([61153, 61552]);
    const [, lastClusterPort] = range(dynamicPortSlice(MAX_LOCAL_AGENTS - 1));
    for (const [i, [min, max]] of slices.entries()) {
      expect(min).toBeGreaterThan(lastClusterPort);
      expect(max).toBeLessThanOrEqual(DYNAMIC_PORT_MAX);
      if (i > 0) expect(min).toBe(slices[i - 1]![1] + 1);
    }
  });

  it('refuse more agents than there are slices, before starting any', async () => {
    const opts = { endpoint: 'http://127.0.0.1:1', cluster: 'c', stateRoot: '/nonexistent', log: () => undefined };
    await expect(startLocalAgents({ ...opts, count: MAX_LOCAL_AGENTS + 1 })).rejects.toThrow(/0 to 12 agents/);
    await expect(startLocalAgents({ ...opts, count: 0 })).resolves.toMatchObject({ agents: [] });
  });
});
