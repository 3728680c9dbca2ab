/**
 * The local twin of EC2 Auto Scaling: `aws autoscaling … --endpoint-url
 * http://127.0.0.1:3000` (query protocol, Version 2011-01-01) against groups
 * whose instances are local Berth agents. State lives in DynamoDB Local, so
 * groups and their instances survive an `npm start` restart. Never deployed:
 * on AWS, Berth's Auto Scaling adapter talks to the real service.
 */
import { DeregisterContainerInstanceCommand, ECSClient } from '@aws-sdk/client-ecs';
import type { RequestAuth } from '../../../auth/request-auth.js';
import type { RawModel } from '../../../api/model/botocore.js';
import { compileModel } from '../../../api/model/compile.js';
import { handleQuery, type QueryService } from '../../../api/query/handle-query.js';
import model from '../../../api/model/autoscaling.json' with { type: 'json' };
import type { LocalTwin } from '../local-twin.js';
import { GroupController } from './group-controller.js';
import { GroupStore } from './group-store.js';
import type { LocalInstanceHost } from './instance-host.js';
import { autoScalingOperations, type TwinContext } from './operations.js';

export const AUTOSCALING_API_VERSION = '2011-01-01';

export interface AutoScalingTwinOptions {
  dynamodbEndpoint: string;
  /** The twin's own table (created by the caller with GROUP_TABLE_SPEC). */
  tableName: string;
  /** The one local endpoint: where instances' agents register, and where ECS hears of terminated instances. */
  endpoint: string;
  region: string;
  accountId: string;
  host: LocalInstanceHost;
  /** Instance state dirs live under here. */
  stateRoot: string;
  portSlices: readonly string[];
  /**
   * true (npm start with data on disk): stopping the twin stops the agents and
   * leaves their tasks running, and the next start boots the same instances.
   * false (an in-memory stack): stopping terminates every instance.
   */
  persistent: boolean;
  /** SigV4 and authorization, as on every Berth API (signing name and actions `autoscaling`). */
  auth?: RequestAuth;
  /** What the twin signs its calls to ECS with (DeregisterContainerInstance when an instance is gone). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  log: (line: string) => void;
  now?: () => number;
}

export function startAutoScalingTwin(o: AutoScalingTwinOptions): LocalTwin {
  const botocore = model as unknown as RawModel;
  const store = new GroupStore(o.dynamodbEndpoint, o.tableName);
  const ecs = new ECSClient({
    endpoint: o.endpoint,
    region: o.region,
    credentials: o.credentials,
    maxAttempts: 1,
  });
  const controller = new GroupController({
    store,
    host: o.host,
    stateRoot: o.stateRoot,
    portSlices: o.portSlices,
    now: o.now,
    log: o.log,
    // EC2 tells ECS an instance terminated; ECS deregisters its container instance.
    instanceGone: async (cluster, containerInstanceArn) => {
      try {
        await ecs.send(new DeregisterContainerInstanceCommand({ cluster, containerInstance: containerInstanceArn, force: true }));
        return true;
      } catch (err) {
        const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        // Already gone (or its cluster is): done. No answer at all: try again later.
        return status !== undefined && status >= 400 && status < 500;
      }
    },
  });
  const ctx: TwinContext = { model: botocore, store, controller, region: o.region, accountId: o.accountId, now: o.now ?? Date.now };
  const service: QueryService<TwinContext> = {
    model: botocore,
    compiled: compileModel(botocore),
    operations: autoScalingOperations,
    // Auto Scaling answers every malformed or invalid parameter with ValidationError.
    refusals: { serialization: 'ValidationError', validation: 'ValidationError', quota: 'ValidationError', 'too-large': 'ValidationError' },
    auth: o.auth,
  };
  const log = {
    info: () => {},
    error: (message: string, detail: Record<string, unknown>) => o.log(`local autoscaling: ${message} ${JSON.stringify(detail)}`),
  };
  controller.start();
  return {
    name: 'autoscaling',
    queryVersions: [AUTOSCALING_API_VERSION],
    handle: (req) => handleQuery(req, service, ctx, log),
    async stop() {
      await controller.stop(o.persistent ? 'suspend' : 'destroy');
      store.destroy();
      ecs.destroy();
    },
  };
}
