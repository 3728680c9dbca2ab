/**
 * The web server of the ECS getting-started walkthrough, as a Berth task
 * definition for either kind of container instance:
 *  - docker: busybox httpd in the local test image (no registry needed);
 *  - process: a node one-liner serving the same page on $PORT, the host port
 *    the process driver hands its first port mapping (see process/command.ts).
 * A memberOf constraint keeps each flavour on the instances that can run it.
 */
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { TEST_IMAGE, WELCOME_HTML } from '../../../src/agent/test-image.js';

export type WebDriver = 'docker' | 'process';

export const DEMO_FAMILY = 'berth-demo-web';
export const WEB_CONTAINER = 'web';
/** What every task URL must answer with. */
export const WELCOME_TEXT = 'Welcome to Berth';

/** The process flavour's server: CommonJS under `node -e`, the page embedded. */
const NODE_WEB_SERVER =
  `require('node:http').createServer((q, s) => { s.setHeader('content-type', 'text/html'); s.end(${JSON.stringify(WELCOME_HTML)}); })` +
  `.listen(Number(process.env.PORT), () => console.log('serving the welcome page on port ' + process.env.PORT));`;

export function webTaskDefinition(driver: WebDriver, family: string = DEMO_FAMILY): RegisterTaskDefinitionCommandInput {
  const common = {
    name: WEB_CONTAINER,
    essential: true,
    cpu: 128,
    memory: 128,
    // hostPort 0: a dynamic host port, so several tasks fit on one host.
    portMappings: [{ containerPort: 80, hostPort: 0, protocol: 'tcp' as const }],
  };
  return {
    family,
    placementConstraints: [{ type: 'memberOf', expression: `attribute:berth.driver == ${driver}` }],
    containerDefinitions: [
      driver === 'docker'
        ? {
            ...common,
            image: TEST_IMAGE,
            // busybox httpd as PID 1 ignores SIGTERM; Docker's init forwards it, so a stop takes
            // milliseconds instead of the 30 s stop timeout.
            linuxParameters: { initProcessEnabled: true },
          }
        : {
            ...common,
            // ECS requires an image; the process driver runs the command on the host instead.
            image: 'node:20-alpine',
            command: ['node', '-e', NODE_WEB_SERVER],
          },
    ],
  };
}
