/** The HTTP poll fallback's rate: a tenth of the old 1 s by default, never past the agent timeout. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLL_INTERVAL_MS, readConfig } from '../../../src/config.js';

describe('BERTH_POLL_INTERVAL_MS', () => {
  it('defaults to 10 s, inside the default 30 s agent timeout', () => {
    const config = readConfig({});
    expect(DEFAULT_POLL_INTERVAL_MS).toBe(10_000);
    expect(config.pollIntervalMs).toBe(10_000);
    expect(config.agentTimeoutMs).toBe(30_000);
    expect(config.lostAgentMs).toBe(60_000);
  });

  it('an empty value (serverless.yml passes one when unset) is the default', () => {
    expect(readConfig({ BERTH_POLL_INTERVAL_MS: '' }).pollIntervalMs).toBe(10_000);
  });

  it('a shorter agent timeout tightens the default to the heartbeat', () => {
    expect(readConfig({ BERTH_AGENT_TIMEOUT_SECONDS: '3' }).pollIntervalMs).toBe(2400);
    expect(readConfig({ BERTH_AGENT_TIMEOUT_SECONDS: '3', BERTH_AGENT_HEARTBEAT_SECONDS: '0.5' }).pollIntervalMs).toBe(500);
  });

  it('takes a faster rate, bought at its price', () => {
    expect(readConfig({ BERTH_POLL_INTERVAL_MS: '1000' }).pollIntervalMs).toBe(1000);
  });

  it('refuses a rate whose jittered polls would let the agent look disconnected', () => {
    expect(() => readConfig({ BERTH_POLL_INTERVAL_MS: '28000' })).toThrow(
      /BERTH_POLL_INTERVAL_MS .* below BERTH_AGENT_TIMEOUT_SECONDS \(30 s\)/,
    );
    expect(() => readConfig({ BERTH_POLL_INTERVAL_MS: '0' })).toThrow(/positive/);
    expect(readConfig({ BERTH_POLL_INTERVAL_MS: '20000' }).pollIntervalMs).toBe(20_000);
  });
});
