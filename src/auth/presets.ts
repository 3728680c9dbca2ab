import type { PolicyDocument } from './policy.js';

/**
 * Named policies for `berth credentials create --policy <preset>`. read-only
 * is every Describe/List/Get of the services Berth serves — the shape of
 * AWS's ReadOnlyAccess managed policy, limited to them.
 */
export const POLICY_PRESETS: Readonly<Record<string, PolicyDocument>> = {
  admin: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  'read-only': {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'ecs:Describe*',
          'ecs:List*',
          'application-autoscaling:Describe*',
          'cloudwatch:Describe*',
          'cloudwatch:Get*',
          'cloudwatch:List*',
          'autoscaling:Describe*',
          'elasticloadbalancing:Describe*',
        ],
        Resource: '*',
      },
    ],
  },
};

export const presetNames = () => Object.keys(POLICY_PRESETS);
