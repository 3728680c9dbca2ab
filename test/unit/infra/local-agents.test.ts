import { describe, expect, it } from 'vitest';
import { dynamicPortSlice, MAX_LOCAL_AGENTS, startLocalAgents } from '../../../infra/local/local-agents.js';

describe('local agents', () => {
  it('give each agent its own 1000 dynamic host ports, the last slice ending at 65535', () => {
    expect(dynamicPortSlice(0)).toBe('49153-50152');
    expect(dynamicPortSlice(1)).toBe('50153-51152');
    expect(MAX_LOCAL_AGENTS).toBe(17);
    expect(dynamicPortSlice(MAX_LOCAL_AGENTS - 1)).toBe('65153-65535');
  });

  it('refuse more agents than there are slices, before starting any', async () => {
    const opts = { endpoint: 'http://127.0.0.1:1', cluster: 'c', stateRoot: '/nonexistent', log: () => undefined };
    await expect(startLocalAgents({ ...opts, count: MAX_LOCAL_AGENTS + 1 })).rejects.toThrow(/0 to 17 agents/);
    await expect(startLocalAgents({ ...opts, count: 0 })).resolves.toMatchObject({ agents: [] });
  });
});
