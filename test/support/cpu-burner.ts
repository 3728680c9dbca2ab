import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { TEST_IMAGE } from '../../src/agent/test-image.js';

/**
 * A task that burns a little CPU (short bursts, then a nap) while
 * `<loadDir>/on` exists — far above its 64-unit reservation — and idles
 * otherwise: the load autoscaling scenarios (e2e, bench:autoscale) switch on
 * and off with a file.
 */
export function cpuBurnerTaskDefinition(family: string, loadDir: string): RegisterTaskDefinitionCommandInput {
  return {
    family,
    volumes: [{ name: 'load', host: { sourcePath: loadDir } }],
    containerDefinitions: [
      {
        name: 'burn',
        image: TEST_IMAGE,
        cpu: 64,
        memory: 32,
        // PID 1 shells ignore SIGTERM: stop at once rather than after 30 s.
        stopTimeout: 2,
        entryPoint: ['/bin/busybox', 'sh', '-c'],
        command: [
          'while :; do if [ -e /load/on ]; then i=0; while [ $i -lt 4000 ]; do i=$((i+1)); done; /bin/busybox usleep 40000; else /bin/busybox sleep 1; fi; done',
        ],
        mountPoints: [{ sourceVolume: 'load', containerPath: '/load', readOnly: true }],
      },
    ],
  };
}
