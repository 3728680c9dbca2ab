import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

/** serverless.yml names the reconciler `<service>-<stage>-reconciler`; the local stack runs stage dev. */
export const LOCAL_RECONCILER = 'berth-dev-reconciler';

/**
 * The local twin of the reconciler's EventBridge schedule, at a shorter
 * period than AWS's one-minute floor so that lost agents are noticed in
 * seconds on a laptop. Invokes through serverless-offline's Lambda API, like
 * EventBridge would.
 */
export function startReconcileTicker(lambdaEndpoint: string, everyMs: number, log: (line: string) => void) {
  const lambda = new LambdaClient({
    endpoint: lambdaEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  let failures = 0;
  let running = false;
  // One scheduled pass at a time: at a period of seconds, passes that outlast it (a loaded laptop, hundreds of
  // clusters) would otherwise pile up until one hits the function's timeout.
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    lambda
      .send(new InvokeCommand({ FunctionName: LOCAL_RECONCILER, InvocationType: 'RequestResponse', Payload: Buffer.from('{}') }))
      .then(() => (failures = 0))
      .catch((err) => {
        if (failures++ === 3) log(`  ! scheduled reconcile keeps failing: ${err}`);
      })
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
