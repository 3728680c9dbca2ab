import { createCredential, listCredentials, revokeCredential } from '../../src/app/security/credentials.js';
import type { SecurityStores } from '../../src/app/security/security-stores.js';

/**
 * The local stack's own key: what its functions and twins sign their calls to
 * the local twins with (the metrics publisher's PutMetricData, scale-cluster's
 * SetDesiredCapacity, the Auto Scaling twin's DeregisterContainerInstance), as
 * on AWS a function signs with its execution role's keys. Allowed only what
 * those roles are (serverless.yml). A fresh key each start; the previous
 * start's keys are revoked, since no process holds them any more.
 */
export const SERVICE_CREDENTIAL_NAME = 'berth-local-services';

const SERVICE_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: [
        'cloudwatch:PutMetricData',
        'cloudwatch:PutMetricAlarm',
        'cloudwatch:DeleteAlarms',
        'cloudwatch:DescribeAlarms',
        'cloudwatch:GetMetricData',
        'autoscaling:DescribeAutoScalingGroups',
        'autoscaling:SetDesiredCapacity',
        'autoscaling:SetInstanceProtection',
        'autoscaling:TerminateInstanceInAutoScalingGroup',
        // The Auto Scaling twin's: EC2 telling ECS an instance is gone.
        'ecs:DeregisterContainerInstance',
      ],
      Resource: '*',
    },
  ],
};

export async function ensureServiceCredential(sec: SecurityStores): Promise<{ AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string }> {
  for (const old of (await listCredentials(sec)).filter((c) => c.name === SERVICE_CREDENTIAL_NAME)) {
    await revokeCredential(old.accessKeyId, sec).catch(() => undefined);
  }
  const issued = await createCredential({ name: SERVICE_CREDENTIAL_NAME, policy: SERVICE_POLICY }, sec);
  return { AWS_ACCESS_KEY_ID: issued.accessKeyId, AWS_SECRET_ACCESS_KEY: issued.secretAccessKey };
}
