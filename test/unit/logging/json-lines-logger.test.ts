import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ControlPlaneError } from '../../../src/agent/control-loop/control-plane-error.js';
import { createLogger } from '../../../src/logging/json-lines-logger.js';

describe('createLogger', () => {
  it('appends JSON lines with child fields and readable errors, honouring the level', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'berth-logger-')), 'nested', 'agent.log');
    const log = createLogger({ file, stdout: false, level: 'info', now: () => 0, fields: { cluster: 'default' } });
    log.debug('hidden');
    log.child({ containerInstanceArn: 'arn:ci' }).warn('poll failed', { error: new ControlPlaneError('ServerException', 'boom', 500) });
    await log.close();
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      {
        time: '1970-01-01T00:00:00.000Z',
        level: 'warn',
        message: 'poll failed',
        cluster: 'default',
        containerInstanceArn: 'arn:ci',
        error: { name: 'ControlPlaneError', message: 'boom', type: 'ServerException', statusCode: 500 },
      },
    ]);
  });
});
