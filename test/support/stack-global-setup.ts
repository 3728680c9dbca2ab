import type { TestProject } from 'vitest/node';
import { ensureConsole } from '../../console/build.js';
import { freePort } from '../../infra/local/ports.js';
import { startLocalStack } from '../../infra/local/stack.js';

declare module 'vitest' {
  export interface ProvidedContext {
    ecsEndpoint: string;
    stackDynamodbEndpoint: string;
    stackTable: string;
    metricPeriodSeconds: number;
    stackSecretsKeyFile: string;
  }
}

/** The whole local control plane (in memory, free ports) for the e2e project, as `npm start` runs it, with test/test (admin). */
export default async function setup(project: TestProject) {
  const tableName = 'berth-e2e';
  const stack = await startLocalStack({
    port: await freePort(),
    lambdaPort: await freePort(),
    dynamoPort: await freePort(),
    tableName,
    log: (line) => console.log(`[e2e stack] ${line}`),
    // Short timeouts so lost-agent scenarios take seconds, not minutes.
    // A 10 s metric period (the shortest CloudWatch alarms allow) so scaling scenarios take a minute, not ten.
    env: {
      BERTH_AGENT_TIMEOUT_SECONDS: '3',
      BERTH_LOST_AGENT_SECONDS: '6',
      BERTH_POLL_INTERVAL_MS: '300',
      BERTH_METRIC_PERIOD_SECONDS: '10',
      // Revocations take effect within a second, so the security tests need not wait the default 5 s.
      BERTH_CREDENTIAL_CACHE_MS: '1000',
    },
    reconcileEveryMs: 1000,
    consoleDir: await ensureConsole((line) => console.log(`[e2e stack] ${line}`)),
  });
  project.provide('ecsEndpoint', stack.endpoint);
  project.provide('stackDynamodbEndpoint', stack.dynamodbEndpoint);
  project.provide('stackTable', tableName);
  project.provide('metricPeriodSeconds', stack.metricPeriodSeconds);
  project.provide('stackSecretsKeyFile', stack.secretsKeyFile);
  return () => stack.stop();
}
