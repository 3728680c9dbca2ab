/**
 * The service deployment history on DynamoDB Local: written with the service by
 * the use cases and the reconcile pass, and StopServiceDeployment racing itself
 * and UpdateService — one rollback at most, and the history always agrees with
 * the service's deployments.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/app/clusters/create-cluster.js';
import type { AppContext } from '../../../src/app/context.js';
import { reconcileClusterPass } from '../../../src/app/reconcile/run-reconcile.js';
import { createService } from '../../../src/app/services/create-service.js';
import { describeServiceDeployments, listServiceDeployments } from '../../../src/app/services/service-deployments.js';
import { stopServiceDeployment } from '../../../src/app/services/stop-service-deployment.js';
import { updateService } from '../../../src/app/services/update-service.js';
import { registerTaskDefinition } from '../../../src/app/task-definitions/register-task-definition.js';
import { buildAppContext } from '../../../src/wiring/app-context.js';
import { freshTable } from '../../support/table.js';

const cluster = 'hist';
let ctx: AppContext;
const td = (rev: number) => `arn:aws:ecs:us-east-1:000000000000:task-definition/app:${rev}`;

beforeEach(async () => {
  ctx = buildAppContext(await freshTable());
  await createCluster({ clusterName: cluster }, ctx);
  for (let i = 0; i < 3; i++) {
    await registerTaskDefinition({ family: 'app', containerDefinitions: [{ name: 'a', image: `x:${i}`, cpu: 64, memory: 64 }] }, ctx);
  }
  // desiredCount 0: a reconcile pass completes a deployment at once; without one it stays PENDING.
  await createService({ cluster, serviceName: 'api', taskDefinition: 'app:1', desiredCount: 0 }, ctx);
  await reconcileClusterPass(ctx, cluster);
  await updateService({ cluster, service: 'api', taskDefinition: 'app:2' }, ctx);
});

const history = async () => (await listServiceDeployments({ cluster, service: 'api' }, ctx)).serviceDeployments!;

describe('service deployment history on DynamoDB', () => {
  it('eight StopServiceDeployment calls at once roll back once; the rollback completes on the next pass', async () => {
    const [pending, first] = await history();
    expect([pending!.status, first!.status]).toEqual(['PENDING', 'SUCCESSFUL']);
    // Ranges before the service existed, or beyond what a sort key holds, are empty (not a DynamoDB error).
    for (const createdAt of [{ before: 1 }, { after: 8.64e12 }, { after: 0, before: 8.64e12 }]) {
      const out = await listServiceDeployments({ cluster, service: 'api', createdAt }, ctx);
      expect(out.serviceDeployments).toHaveLength(createdAt.after === 0 ? 2 : 0);
    }
    const arn = pending!.serviceDeploymentArn!;

    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => stopServiceDeployment({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }, ctx)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill('fulfilled'));
    const service = (await ctx.services.get(cluster, 'api'))!.record;
    expect(service.deployments.filter((d) => d.rollback)).toHaveLength(1);
    expect(service.taskDefinition).toBe(td(1));
    expect(service.events.filter((e) => /rolling back to deployment/.test(e.message))).toHaveLength(1);
    expect((await history())[0]!.status).toBe('ROLLBACK_REQUESTED');

    await reconcileClusterPass(ctx, cluster);
    const [rolledBack] = (await describeServiceDeployments({ serviceDeploymentArns: [arn] }, ctx)).serviceDeployments!;
    expect(rolledBack).toMatchObject({
      status: 'ROLLBACK_SUCCESSFUL',
      rollback: { serviceRevisionArn: first!.targetServiceRevisionArn },
    });
    expect((await history()).map((d) => d.status)).toEqual(['ROLLBACK_SUCCESSFUL', 'SUCCESSFUL']);
    await expect(stopServiceDeployment({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }, ctx)).rejects.toMatchObject({
      code: 'ConflictException',
    });
  });

  it('a stop racing an update: whichever wins, the history agrees with the service', async () => {
    const [pending] = await history();
    const arn = pending!.serviceDeploymentArn!;
    const [stop] = await Promise.allSettled([
      stopServiceDeployment({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }, ctx),
      updateService({ cluster, service: 'api', taskDefinition: 'app:3' }, ctx),
    ]);
    const service = (await ctx.services.get(cluster, 'api'))!.record;
    // Either order ends the same: the update's deployment is the newest, the stopped one STOPPED
    // (superseded, or its rollback superseded), and a stop that came second is a ConflictException.
    expect((await history()).map((d) => d.status)).toEqual(['PENDING', 'STOPPED', 'SUCCESSFUL']);
    expect(service.taskDefinition).toBe(td(3));
    if (stop.status === 'rejected') {
      expect(stop.reason).toMatchObject({ code: 'ConflictException' });
      expect(service.deployments.some((d) => d.rollback)).toBe(false);
    } else {
      expect(service.deployments.filter((d) => d.rollback).map((d) => d.status)).toEqual(['ACTIVE']);
    }
    expect(service.deployments[0]!.status).toBe('PRIMARY');
  });
});
