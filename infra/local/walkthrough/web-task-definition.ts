/**
 * The web server of the ECS getting-started walkthrough, as a Berth task
 * definition for either kind of container instance:
 *  - docker: busybox httpd in the local test image (no registry needed);
 *  - process: a node one-liner serving the same page on $PORT, the host port
 *    the process driver hands its first port mapping (see process/command.ts).
 * A memberOf constraint keeps each flavour on the instances that can run it.
 */
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { TEST_IMAGE } from '../../../src/agent/test-image.js';

export type WebDriver = 'docker' | 'process';

export const DEMO_FAMILY = 'berth-demo-web';
export const WEB_CONTAINER = 'web';
/** What every task URL must answer with. */
export const WELCOME_TEXT = 'Welcome to Berth';

/** Where a load balancer checks a task's health: answers 200 while the task is fine. */
export const HEALTH_PATH = '/health';

/**
 * The welcome page, saying which task answered: `whoami` is the docker
 * container's hostname (the first 12 characters of its id) or the process's
 * host port, so requests through a load balancer show which task served them.
 */
const welcomePage = (whoami: string) =>
  `<!doctype html><html><head><title>${WELCOME_TEXT}</title></head>` +
  `<body><h1>${WELCOME_TEXT}</h1><p>Served by ${whoami}.</p></body></html>`;

/** busybox sh in the test image: the page and the health file, then httpd in the foreground. */
const BUSYBOX_WEB_SERVER =
  `echo "${welcomePage('container $HOSTNAME')}" > /www/index.html && echo ok > /www${HEALTH_PATH} && ` +
  'exec /bin/httpd -f -v -p 80 -h /www';

/** The process flavour's server: CommonJS under `node -e`. */
const NODE_WEB_SERVER =
  `const page = ${JSON.stringify(welcomePage('host port PORT'))}.replace('PORT', process.env.PORT);` +
  `require('node:http').createServer((q, s) => { s.setHeader('content-type', q.url === '${HEALTH_PATH}' ? 'text/plain' : 'text/html'); s.end(q.url === '${HEALTH_PATH}' ? 'ok' : page); })` +
  `.listen(Number(process.env.PORT), () => console.log('serving the welcome page on port ' + process.env.PORT));`;

/** Who served a welcome page: a docker container's hostname or a process's host port. */
export function servedBy(page: string): { container?: string; hostPort?: number } | undefined {
  const m = /Served by (?:container ([0-9a-f]{12})|host port (\d+))\./.exec(page);
  if (!m) return undefined;
  return m[1] ? { container: m[1] } : { hostPort: Number(m[2]) };
}

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
            command: ['sh', '-c', BUSYBOX_WEB_SERVER],
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
