import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../../../../src/agent/cli-flags.js';
import { parseCliOptions } from '../../../../src/agent/hollow/cli-options.js';

describe('parseCliOptions', () => {
  it('builds fleet options, flags winning over HOLLOW_* variables', () => {
    const opts = parseCliOptions(
      [
        '--endpoint',
        'http://localhost:4000',
        '--count',
        '50',
        '--zones',
        'eu-west-1a,eu-west-1b',
        '--attribute',
        'team=blue',
        '--fail-rate',
        '0.1',
        '--state-dir',
        '/tmp/h',
      ],
      { HOLLOW_FAIL_RATE: '0.9', HOLLOW_START_DELAY_MS: '300' },
    );
    expect(opts).toMatchObject({
      endpoint: 'http://localhost:4000',
      cluster: 'default',
      count: 50,
      zones: ['eu-west-1a', 'eu-west-1b'],
      cpu: 2048,
      memory: 3800,
      attributes: { team: 'blue' },
      stateDir: '/tmp/h',
      behavior: { failRate: 0.1, startDelayMs: 300 },
      logToStdout: false,
    });
  });

  it('explains bad input', () => {
    expect(() => parseCliOptions(['--count', 'many'], {})).toThrow(new CliUsageError('--count must be a whole number, not "many"'));
    expect(() => parseCliOptions(['--health', 'fine'], {})).toThrow('HOLLOW_HEALTH="fine" is not HEALTHY or UNHEALTHY');
    expect(() => parseCliOptions(['--attribute', 'novalue'], {})).toThrow(CliUsageError);
    expect(() => parseCliOptions(['--bogus'], {})).toThrow(CliUsageError);
  });

  it('answers --help', () => {
    expect(parseCliOptions(['--help'], {})).toBe('help');
  });
});
