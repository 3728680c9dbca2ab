import { describe, expect, it } from 'vitest';
import type { DeploymentRecord, ServiceRecord } from '../../../src/domain/service.js';
import { parseHistoryArn, serviceDeploymentArn, serviceRevisionArn } from '../../../src/domain/service-deployment.js';
import { recordHistory, type HistoryWrite } from '../../../src/scheduler/history/service-history.js';
import { applyAlarms } from '../../../src/scheduler/reconcile/alarms.js';
import { applyCircuitBreaker } from '../../../src/scheduler/reconcile/breaker.js';
import { deploymentSettings } from '../../../src/scheduler/reconcile/config.js';
import { completeRollout, rollbackDeployment } from '../../../src/scheduler/reconcile/deployments.js';
import { deployment, service, T0S, TD1, TD2, TDS } from './reconcile/harness.js';

const SVC = 'arn:aws:ecs:us-east-1:123456789012:service/test/web';
const D1 = 'ecs-svc/1111111111111111111';
const D2 = 'ecs-svc/2222222222222222222';
const D3 = 'ecs-svc/3333333333333333333';

/** Commits `s` as the adapters do: the history writes, and the record with its markers. */
function commit(s: ServiceRecord): { s: ServiceRecord; writes: HistoryWrite[] } {
  const out = recordHistory(s);
  return { s: out.service, writes: out.writes };
}
const statusOf = (w: HistoryWrite) =>
  w.kind === 'deployment' ? w.deployment.status : w.kind === 'progress' ? w.progress.status : 'revision';
const withD = (s: ServiceRecord, id: string, patch: Partial<DeploymentRecord>): ServiceRecord => ({
  ...s,
  deployments: s.deployments.map((d) => (d.id === id ? { ...d, ...patch } : d)),
});

const created = () =>
  service({
    desiredCount: 2,
    deployments: [
      deployment(D1, { rolloutState: 'IN_PROGRESS', rolloutStateReason: `ECS deployment ${D1} in progress.`, desiredCount: 2 }),
    ],
    deploymentConfiguration: {
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    },
  });

describe('service deployment history derived at commit', () => {
  it('a new deployment writes its revision and a PENDING service deployment once, then its progress', () => {
    let { s, writes } = commit(created());
    expect(writes.map((w) => w.kind)).toEqual(['revision', 'deployment']);
    const [rev, dep] = writes as [Extract<HistoryWrite, { kind: 'revision' }>, Extract<HistoryWrite, { kind: 'deployment' }>];
    expect(rev.revision).toMatchObject({ serviceRevisionArn: serviceRevisionArn(SVC, D1), taskDefinition: TD1, launchType: 'EC2' });
    expect(dep.deployment).toMatchObject({
      serviceDeploymentArn: `arn:aws:ecs:us-east-1:123456789012:service-deployment/test/web/1111111111111111111`,
      status: 'PENDING',
      sourceServiceRevisions: [],
      targetServiceRevision: { arn: serviceRevisionArn(SVC, D1), requestedTaskCount: 2 },
      deploymentCircuitBreaker: { status: 'MONITORING', failureCount: 0, threshold: 3 },
      alarms: { status: 'DISABLED' },
    });
    expect(dep.deployment.startedAt).toBeUndefined();
    expect(s.deployments[0]!.reported).toBe('PENDING');
    // The same record committed again writes nothing.
    expect(commit(s).writes).toEqual([]);

    // The reconciler starts tasks: IN_PROGRESS, started now.
    ({ s, writes } = commit(withD(s, D1, { pendingCount: 2, updatedAt: T0S })));
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ kind: 'progress', deploymentId: D1, progress: { status: 'IN_PROGRESS', startedAt: T0S } });
    // Tasks failing back to zero live tasks do not make it PENDING again.
    expect(commit(withD(s, D1, { pendingCount: 0, runningCount: 0 })).writes).toEqual([]);

    ({ writes } = commit(withD(s, D1, { ...completeRollout(s.deployments[0]!), runningCount: 2, pendingCount: 0, updatedAt: T0S + 60 })));
    expect(writes).toEqual([
      expect.objectContaining({
        kind: 'progress',
        progress: expect.objectContaining({
          status: 'SUCCESSFUL',
          finishedAt: T0S + 60,
          statusReason: `ECS deployment ${D1} completed.`,
          deploymentCircuitBreaker: { status: 'MONITORING_COMPLETE', failureCount: 0, threshold: 3 },
        }),
      }),
    ]);
  });

  it("an update's deployment records the running revision as its source; a superseded one is STOPPED", () => {
    let { s } = commit(service({ deployments: [deployment(D1, { runningCount: 3, desiredCount: 3 })] }));
    const d2 = deployment(D2, { taskDefinition: TD2, rolloutState: 'IN_PROGRESS', createdAt: T0S, updatedAt: T0S });
    let writes: HistoryWrite[];
    ({ s, writes } = commit({ ...s, deployments: [d2, { ...s.deployments[0]!, status: 'ACTIVE' }] }));
    const dep = writes.find((w) => w.kind === 'deployment') as Extract<HistoryWrite, { kind: 'deployment' }>;
    expect(dep.deployment.sourceServiceRevisions).toEqual([
      { arn: serviceRevisionArn(SVC, D1), requestedTaskCount: 3, runningTaskCount: 3, pendingTaskCount: 0 },
    ]);
    expect(dep.deployment.targetServiceRevision.arn).toBe(serviceRevisionArn(SVC, D2));
    // D1 stays SUCCESSFUL: nothing written for it.
    expect(writes.filter((w) => w.deploymentId === D1)).toEqual([]);

    // A third deployment before D2 finished: D2 is STOPPED.
    const d3 = deployment(D3, { rolloutState: 'IN_PROGRESS', createdAt: T0S + 10, updatedAt: T0S + 10 });
    ({ writes } = commit({
      ...s,
      deployments: [d3, ...s.deployments.map((d) => ({ ...d, status: 'ACTIVE' as const, updatedAt: T0S + 10 }))],
    }));
    expect(writes.find((w) => w.deploymentId === D2)).toMatchObject({
      kind: 'progress',
      progress: { status: 'STOPPED', stoppedAt: T0S + 10 },
    });
  });

  it('a circuit breaker rollback reports on the failed deployment: ROLLBACK_IN_PROGRESS, then ROLLBACK_SUCCESSFUL', () => {
    const config = { maximumPercent: 200, minimumHealthyPercent: 100, deploymentCircuitBreaker: { enable: true, rollback: true } };
    let { s } = commit(service({ deployments: [deployment(D1, { runningCount: 3, desiredCount: 3 })], deploymentConfiguration: config }));
    const d2 = deployment(D2, { taskDefinition: TD2, rolloutState: 'IN_PROGRESS', createdAt: T0S, updatedAt: T0S, pendingCount: 1 });
    ({ s } = commit({ ...s, deployments: [d2, { ...s.deployments[0]!, status: 'ACTIVE' }] }));
    const failing = withD(s, D2, { failedTasks: 3 });
    const breaker = applyCircuitBreaker({
      serviceName: 'web',
      deployments: failing.deployments,
      settings: deploymentSettings(failing),
      desiredCount: 3,
      taskDefinitions: TDS,
      newDeploymentId: () => D3,
      now: T0S + 30,
    });
    let writes: HistoryWrite[];
    ({ s, writes } = commit({ ...failing, deployments: breaker.deployments }));
    // No STOPPED for D2 itself: its rollback drives its history.
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({
      kind: 'progress',
      deploymentId: D2,
      progress: {
        status: 'ROLLBACK_IN_PROGRESS',
        rollback: { startedAt: T0S + 30, serviceRevisionArn: serviceRevisionArn(SVC, D1) },
        deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 },
      },
    });

    const rolledBack = withD(s, D3, { ...completeRollout(s.deployments[0]!), runningCount: 3, updatedAt: T0S + 90 });
    ({ writes } = commit({ ...rolledBack, deployments: rolledBack.deployments.filter((d) => d.id === D3) }));
    expect(writes).toEqual([
      expect.objectContaining({
        deploymentId: D2,
        progress: expect.objectContaining({ status: 'ROLLBACK_SUCCESSFUL', finishedAt: T0S + 90 }),
      }),
    ]);
  });

  it('an alarm rollback reports TRIGGERED with the alarms that fired on the failed deployment', () => {
    const config = {
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      alarms: { enable: true, rollback: true, alarmNames: ['cpu-high', 'errors'] },
    };
    let { s } = commit(service({ deployments: [deployment(D1, { runningCount: 3, desiredCount: 3 })], deploymentConfiguration: config }));
    const d2 = deployment(D2, { taskDefinition: TD2, rolloutState: 'IN_PROGRESS', createdAt: T0S, updatedAt: T0S, pendingCount: 1 });
    ({ s } = commit({ ...s, deployments: [d2, { ...s.deployments[0]!, status: 'ACTIVE' }] }));
    const fired = applyAlarms({
      serviceName: 'web',
      deployments: s.deployments,
      settings: deploymentSettings(s),
      readings: { states: { 'cpu-high': 'ALARM', errors: 'OK' }, bakeSeconds: 60 },
      desiredCount: 3,
      taskDefinitions: TDS,
      newDeploymentId: () => D3,
      now: T0S + 30,
    });
    const { writes } = commit({ ...s, deployments: fired.deployments });
    expect(writes).toEqual([
      expect.objectContaining({
        deploymentId: D2,
        progress: expect.objectContaining({
          status: 'ROLLBACK_IN_PROGRESS',
          alarms: { status: 'TRIGGERED', alarmNames: ['cpu-high', 'errors'], triggeredAlarmNames: ['cpu-high'] },
        }),
      }),
    ]);
  });

  it('a rollback a user asked for is ROLLBACK_REQUESTED until its tasks start, and never requested again', () => {
    let { s } = commit(service({ deployments: [deployment(D1, { runningCount: 3, desiredCount: 3 })] }));
    const d2 = deployment(D2, { taskDefinition: TD2, rolloutState: 'IN_PROGRESS', createdAt: T0S, updatedAt: T0S, pendingCount: 1 });
    ({ s } = commit({ ...s, deployments: [d2, { ...s.deployments[0]!, status: 'ACTIVE' }] }));
    const rb = rollbackDeployment({
      id: D3,
      failed: { id: D2 },
      target: { id: D1, taskDefinition: TD1 },
      desiredCount: 3,
      now: T0S + 5,
      reason: 'asked',
      requestedByUser: true,
    });
    let writes: HistoryWrite[];
    const failed = { ...s.deployments[0]!, status: 'ACTIVE' as const, rolloutState: 'FAILED' as const };
    ({ s, writes } = commit({ ...s, deployments: [rb, failed, s.deployments[1]!] }));
    expect(writes.map(statusOf)).toEqual(['ROLLBACK_REQUESTED']);
    ({ s, writes } = commit(withD(s, D3, { pendingCount: 3, updatedAt: T0S + 10 })));
    expect(writes.map(statusOf)).toEqual(['ROLLBACK_IN_PROGRESS']);
    expect(commit(withD(s, D3, { pendingCount: 0 })).writes).toEqual([]);
  });

  it('history ARNs parse back to where the items live, and nothing else parses', () => {
    const arn = serviceDeploymentArn(SVC, D2);
    expect(parseHistoryArn(arn, 'service-deployment')).toEqual({
      region: 'us-east-1',
      accountId: '123456789012',
      cluster: 'test',
      service: 'web',
      deploymentId: D2,
    });
    expect(parseHistoryArn(arn, 'service-revision')).toBeUndefined();
    for (const bad of ['nope', SVC, `${arn}/x`, arn.replace('2222', 'abcd'), arn.replace('/web/', '/we b/')]) {
      expect(parseHistoryArn(bad, 'service-deployment')).toBeUndefined();
    }
  });
});
