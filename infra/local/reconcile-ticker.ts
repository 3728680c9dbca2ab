import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

/** serverless.yml names functions `<service>-<stage>-<name>`; the local stack runs stage dev. */
export const LOCAL_RECONCILER = 'berth-dev-reconciler';
export const LOCAL_PUBLISH_METRICS = 'berth-dev-publish-metrics';
export const LOCAL_SCALING_SCHEDULE = 'berth-dev-scaling-schedule';

/**
 * The local twin of the reconciler's EventBridge schedule, at a shorter
 * period than AWS's one-minute floor so that lost agents are noticed in
 * seconds on a laptop. Invokes through serverless-offline's Lambda API, like
 * EventBridge would.
 */
export function startReconcileTicker(lambdaEndpoint: string, everyMs: number, log: (line: string) => void) {
  return startFunctionTicker({ lambdaEndpoint, functionName: LOCAL_RECONCILER, everyMs, log });
}

/**
 * A local EventBridge schedule for one function, every `everyMs`. With
 * `offsetMs`, ticks fall on wall-clock multiples of `everyMs` plus the offset
 * (the metric publisher runs just after each metric period ends, the scaling
 * schedule after the alarms were evaluated). One run at a time: at a period
 * of seconds, runs that outlast it (a loaded laptop, hundreds of clusters)
 * would otherwise pile up until one hits the function's timeout; a tick that
 * finds the previous run still going is skipped.
 */
export function startFunctionTicker(opts: {
  lambdaEndpoint: string;
  functionName: string;
  everyMs: number;
  offsetMs?: number;
  log: (line: string) => void;
}) {
  const lambda = new LambdaClient({
    endpoint: opts.lambdaEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  let failures = 0;
  let running = false;
  const invoke = () => {
    if (running) return;
    running = true;
    lambda
      .send(new InvokeCommand({ FunctionName: opts.functionName, InvocationType: 'RequestResponse', Payload: Buffer.from('{}') }))
      .then(() => (failures = 0))
      .catch((err) => {
        if (failures++ === 3) opts.log(`  ! scheduled ${opts.functionName} keeps failing: ${err}`);
      })
      .finally(() => (running = false));
  };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  if (opts.offsetMs === undefined) {
    timer = setInterval(invoke, opts.everyMs);
    timer.unref();
  } else {
    const schedule = () => {
      if (stopped) return;
      const now = Date.now();
      const next = Math.floor(now / opts.everyMs) * opts.everyMs + opts.everyMs + opts.offsetMs!;
      timer = setTimeout(() => {
        invoke();
        schedule();
      }, next - now);
      timer.unref();
    };
    schedule();
  }
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
      clearTimeout(timer);
      lambda.destroy();
    },
  };
}
