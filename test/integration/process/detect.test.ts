import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, describe, expect, test } from 'vitest';
import { detectDriver, pingDocker } from '../../../src/agent/runtime/detect.js';
import { logger, tempStateDir } from './process-env.js';

describe('detectDriver', () => {
  const state = tempStateDir();
  let silent: Server | undefined;
  afterAll(() => {
    silent?.close();
    state.cleanup();
  });

  test('falls back to the process driver when no Docker socket exists', async () => {
    const docker = new Docker({ socketPath: join(state.dir, 'missing.sock') });
    const driver = await detectDriver({ logger, docker: { docker }, process: { stateDir: state.dir } });
    expect(driver.name).toBe('process');
    await driver.close();
  });

  test('gives up on an Engine that never answers', async () => {
    const socketPath = join(state.dir, 'silent.sock');
    silent = createServer(() => undefined); // accepts, never replies
    await new Promise<void>((resolve) => silent?.listen(socketPath, resolve));
    expect(await pingDocker(new Docker({ socketPath }), 200)).toBe(false);
  });
});
