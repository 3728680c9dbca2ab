import { createCredential, listCredentials, revokeCredential } from '../../src/app/security/credentials.js';
import type { SecurityStores } from '../../src/app/security/security-stores.js';

/** The name of the key the local functions sign their calls to the local twins with. */
export const FUNCTION_CREDENTIAL_NAME = 'berth-functions';

/**
 * Locally the functions call the twins (ELB) on the one local endpoint, which
 * checks SigV4 as AWS does; on AWS they sign with their Lambda role. This key
 * stands in for that role, with the same least-privilege policy as
 * serverless.yml's ELB statements. A fresh one each start (the previous ones
 * are revoked), so no secret has to be kept anywhere but the functions' env.
 */
export async function issueFunctionCredential(sec: SecurityStores): Promise<{ AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string }> {
  for (const old of await listCredentials(sec)) {
    if (old.name === FUNCTION_CREDENTIAL_NAME) await revokeCredential(old.accessKeyId, sec).catch(() => undefined);
  }
  const { region, accountId } = sec.arn;
  const issued = await createCredential(
    {
      name: FUNCTION_CREDENTIAL_NAME,
      policy: {
        Version: '2012-10-17',
        Statement: [
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
            Resource: `arn:aws:elasticloadbalancing:${region}:${accountId}:targetgroup/*/*`,
          },
        ],
      },
    },
    sec,
  );
  return { AWS_ACCESS_KEY_ID: issued.accessKeyId, AWS_SECRET_ACCESS_KEY: issued.secretAccessKey };
}
