import { createCredential } from '../../src/app/security/credentials.js';
import type { SecurityStores } from '../../src/app/security/security-stores.js';

/**
 * The local twin of the functions' execution role. On AWS the functions sign
 * their CloudWatch, EC2 Auto Scaling and ELB calls with the role serverless.yml
 * gives them; locally the twins verify SigV4 against Berth-issued keys, so the
 * stack issues the functions a key of their own, allowed what the role allows
 * (serverless.yml's cloudwatch, autoscaling and elasticloadbalancing
 * statements), with a fresh secret on every start: no key the functions used
 * outlives the stack that ran them. The Auto Scaling twin signs with it too
 * (EC2 telling ECS an instance is gone: DeregisterContainerInstance).
 */
export const FUNCTIONS_CREDENTIAL = { name: 'berth-functions', accessKeyId: 'BERTHLOCALFUNCTIONS' } as const;

export async function issueFunctionsCredential(sec: SecurityStores): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  await sec.credentials.deleteUser(FUNCTIONS_CREDENTIAL.accessKeyId);
  const issued = await createCredential(
    {
      ...FUNCTIONS_CREDENTIAL,
      policy: {
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
              'ecs:DeregisterContainerInstance',
            ],
            Resource: '*',
          },
          // Services behind load balancers (the ELBv2 twin): as serverless.yml's elasticloadbalancing statements.
          {
            Effect: 'Allow',
            Action: [
              'elasticloadbalancing:DescribeTargetGroups',
              'elasticloadbalancing:DescribeTargetGroupAttributes',
              'elasticloadbalancing:DescribeTargetHealth',
            ],
            Resource: '*',
          },
          {
            Effect: 'Allow',
            Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
            Resource: `arn:aws:elasticloadbalancing:${sec.arn.region}:${sec.arn.accountId}:targetgroup/*/*`,
          },
        ],
      },
    },
    sec,
  );
  return { accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey };
}
