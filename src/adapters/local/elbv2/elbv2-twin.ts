/**
 * The local twin of Elastic Load Balancing v2 (Application Load Balancers):
 * the API over the query protocol (Version 2015-12-01) on the one local
 * endpoint, and a real data plane: every listener is an HTTP port on
 * 127.0.0.1 that proxies to healthy targets, with active health checks and
 * connection draining. State lives in DynamoDB Local (its own table) and
 * survives a restart: listeners are bound again and health checks resume.
 */
import type { HttpRequest, HttpResponse } from '../../../api/http.js';
import { handleQuery, type QueryOperation, type QueryService } from '../../../api/query/handle-query.js';
import type { Authenticator } from '../../../auth/authenticator.js';
import type { LocalTwin } from '../local-twin.js';
import { elbv2Auth } from './authorization.js';
import { DataPlane, PortUnavailable } from './data-plane.js';
import { Elbv2State } from './elbv2-state.js';
import { Elbv2Store } from './elbv2-store.js';
import { HealthChecker, type AddressOf } from './health-checker.js';
import { createListener, deleteListener, describeListeners } from './listener-operations.js';
import {
  createLoadBalancer,
  deleteLoadBalancer,
  describeLoadBalancerAttributes,
  describeLoadBalancers,
  modifyLoadBalancerAttributes,
} from './load-balancer-operations.js';
import { elbv2Compiled, elbv2Model } from './model.js';
import type { Elbv2Runtime } from './runtime.js';
import { addTags, describeTags, removeTags } from './tag-operations.js';
import {
  createTargetGroup,
  deleteTargetGroup,
  describeTargetGroupAttributes,
  describeTargetGroups,
  modifyTargetGroup,
  modifyTargetGroupAttributes,
} from './target-group-operations.js';
import { TargetLifecycle } from './target-lifecycle.js';
import { deregisterTargets, describeTargetHealth, registerTargets } from './target-operations.js';

export interface Elbv2TwinOptions {
  dynamodbEndpoint: string;
  /** The twin's own table (created by the caller with ELBV2_TABLE_SPEC). */
  tableName: string;
  region: string;
  accountId: string;
  /** Verifies SigV4 against Berth-issued credentials, as every Berth API does (TwinEnvironment.authenticator). */
  authenticator: Pick<Authenticator, 'authenticate'>;
  /** Where a target id's ports are reached: every local container instance is this machine. */
  addressOf?: AddressOf;
  log?: (line: string) => void;
  now?: () => number;
}

const operations = new Map<string, QueryOperation<Elbv2Runtime>>(
  Object.entries({
    CreateLoadBalancer: createLoadBalancer,
    DescribeLoadBalancers: describeLoadBalancers,
    DeleteLoadBalancer: deleteLoadBalancer,
    DescribeLoadBalancerAttributes: describeLoadBalancerAttributes,
    ModifyLoadBalancerAttributes: modifyLoadBalancerAttributes,
    CreateTargetGroup: createTargetGroup,
    DescribeTargetGroups: describeTargetGroups,
    ModifyTargetGroup: modifyTargetGroup,
    DeleteTargetGroup: deleteTargetGroup,
    DescribeTargetGroupAttributes: describeTargetGroupAttributes,
    ModifyTargetGroupAttributes: modifyTargetGroupAttributes,
    CreateListener: createListener,
    DescribeListeners: describeListeners,
    DeleteListener: deleteListener,
    RegisterTargets: registerTargets,
    DeregisterTargets: deregisterTargets,
    DescribeTargetHealth: describeTargetHealth,
    AddTags: addTags,
    RemoveTags: removeTags,
    DescribeTags: describeTags,
  }).map(([name, op]) => [name, (input: any, rt: Elbv2Runtime) => Promise.resolve(op(input, rt))]),
);

/** ELB answers every malformed or out-of-range parameter with ValidationError. */
const refusals: QueryService<Elbv2Runtime>['refusals'] = {
  serialization: 'ValidationError',
  validation: 'ValidationError',
  quota: 'ValidationError',
  'too-large': 'ValidationError',
};

export interface Elbv2Twin extends LocalTwin {
  readonly runtime: Elbv2Runtime;
}

export async function startElbv2Twin(opts: Elbv2TwinOptions): Promise<Elbv2Twin> {
  const log = opts.log ?? (() => {});
  const now = opts.now ?? Date.now;
  const addressOf = opts.addressOf ?? (() => '127.0.0.1');
  const store = new Elbv2Store(opts.dynamodbEndpoint, opts.tableName, opts.region);
  const state = new Elbv2State(store);
  await state.load();
  // The health checker follows the targets: the lifecycle tells it after every change.
  const lifecycle = new TargetLifecycle(
    state,
    now,
    () => health.sync(),
    (err) => log(`  ! elbv2: ${err}`),
  );
  const health = new HealthChecker(state, lifecycle, addressOf, log);
  const dataPlane = new DataPlane(state, lifecycle, addressOf);
  const scope = { region: opts.region, accountId: opts.accountId };
  const runtime: Elbv2Runtime = { state, lifecycle, dataPlane, scope, now };
  const service: QueryService<Elbv2Runtime> = {
    model: elbv2Model,
    compiled: elbv2Compiled,
    operations,
    refusals,
    auth: elbv2Auth(opts.authenticator, scope),
  };

  await lifecycle.restore();
  for (const listener of state.listeners.values()) {
    try {
      await dataPlane.bind(listener);
    } catch (err) {
      if (!(err instanceof PortUnavailable)) throw err;
      log(
        `  ! elbv2: listener ${listener.arn} could not listen on 127.0.0.1:${listener.port} again (${err.code}); delete it or free the port and restart`,
      );
    }
  }
  if (state.listeners.size)
    log(
      `  elbv2: ${state.listeners.size} listener(s) serving again: ${[...state.listeners.values()].map((l) => `http://127.0.0.1:${l.port}/`).join(' ')}`,
    );

  const requestLog = {
    // Served requests are not worth a line on the local stack's terminal; failures are.
    info: () => undefined,
    error: (message: string, detail: Record<string, unknown>) => log(`  ! elbv2: ${message} ${JSON.stringify(detail)}`),
  };
  return {
    name: 'elbv2',
    queryVersions: [elbv2Model.metadata.apiVersion],
    runtime,
    handle: (req: HttpRequest): Promise<HttpResponse> => handleQuery(req, service, runtime, requestLog),
    async stop() {
      health.stop();
      lifecycle.stop();
      await dataPlane.stop();
      store.destroy();
    },
  };
}
