import { beforeAll, describe, expect, it } from 'vitest';
import { requiredActions } from '../../../infra/iam/iam-actions.js';
import { checkPolicies } from '../../../infra/iam/policy-check.js';
import { scanSource } from '../../../infra/iam/sdk-calls.js';
import { loadResourceSpecs, type ResourceSpecs } from '../../../infra/template-check/resource-spec.js';

let specs: ResourceSpecs;
beforeAll(async () => {
  specs = await loadResourceSpecs();
}, 60_000);

const adapter = `
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SetDesiredCapacityCommand as SetCapacity } from '@aws-sdk/client-auto-scaling';
const items = [{ Put: { TableName: 't', Item: {} } }, { Update: { TableName: 't', Key: {} } }];
`;
const derive = (source = adapter) => {
  const scan = scanSource('src/adapters/x/x-adapter.ts', source);
  return requiredActions(scan.calls, scan.transactItems).actions;
};

const arn = (rest: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:${rest}` });
const tableArn = { 'Fn::GetAtt': ['BerthTable', 'Arn'] };
const statements = (...s: unknown[]) => ({
  Resources: {
    BerthTable: { Type: 'AWS::DynamoDB::Table', Properties: {} },
    IamRoleLambdaExecution: {
      Type: 'AWS::IAM::Role',
      Properties: { Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: s } }] },
    },
  },
});
const good = [
  {
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:CreateLogGroup'],
    Resource: arn('logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/berth-dev*:*'),
  },
  { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], Resource: [tableArn] },
  {
    Effect: 'Allow',
    Action: 'lambda:InvokeFunction',
    Resource: arn('lambda:${AWS::Region}:${AWS::AccountId}:function:berth-dev-reconciler'),
  },
  {
    Effect: 'Allow',
    Action: 'autoscaling:SetDesiredCapacity',
    Resource: arn('autoscaling:${AWS::Region}:${AWS::AccountId}:autoScalingGroup:*:autoScalingGroupName/*'),
  },
];
const problems = async (...s: unknown[]) => (await checkPolicies(statements(...s), derive(), specs)).problems;

describe('the actions Berth calls, from the code', () => {
  it('maps imported commands (not types) to IAM actions, transactions to the item actions they carry', () => {
    const actions = derive();
    expect([...actions.keys()].sort()).toEqual([
      'autoscaling:SetDesiredCapacity',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'lambda:InvokeFunction',
    ]);
    expect(actions.get('dynamodb:PutItem')!.because).toEqual([
      'src/adapters/x/x-adapter.ts:2 (TransactWriteCommand) with Put items (src/adapters/x/x-adapter.ts:6)',
    ]);
    expect(actions.get('autoscaling:SetDesiredCapacity')!.because).toEqual(['src/adapters/x/x-adapter.ts:5 (SetDesiredCapacityCommand)']);
  });

  it('sets apart a client package with no known IAM prefix', () => {
    const scan = scanSource('a.ts', "import { SendEmailCommand } from '@aws-sdk/client-sesv2';");
    expect(requiredActions(scan.calls, []).unknownPackages).toEqual([
      { file: 'a.ts', line: 1, pkg: '@aws-sdk/client-sesv2', command: 'SendEmailCommand' },
    ]);
  });
});

describe('the IAM policy check', () => {
  it('passes a policy with exactly the actions called, on Berth-scoped resources', async () => {
    expect(await problems(...good)).toEqual([]);
  });

  it('says which call lacks its action, and what to add where', async () => {
    expect(await problems(...good.slice(0, 3))).toEqual([
      'autoscaling:SetDesiredCapacity is not allowed, and Berth calls it at src/adapters/x/x-adapter.ts:5 (SetDesiredCapacityCommand): ' +
        'add it to serverless.yml provider.iam.role.statements, with the narrowest Resource (IAM scopes it to autoScalingGroup: ' +
        'arn:${Partition}:autoscaling:${Region}:${Account}:autoScalingGroup:${GroupId}:autoScalingGroupName/${GroupFriendlyName})',
    ]);
  });

  it('refuses actions never called, wildcard actions and Scan', async () => {
    const at = 'Resources.IamRoleLambdaExecution Policies[0].PolicyDocument.Statement[4] (serverless.yml provider.iam.role.statements)';
    expect(await problems(...good, { Effect: 'Allow', Action: 'dynamodb:DeleteItem', Resource: tableArn })).toEqual([
      `${at}: Berth never calls dynamodb:DeleteItem (no function's code sends it): remove it`,
    ]);
    expect(await problems(...good, { Effect: 'Allow', Action: 'dynamodb:*', Resource: tableArn })).toEqual([
      `${at}: dynamodb:* is a wildcard action: name each action Berth calls`,
    ]);
    expect(await problems(...good, { Effect: 'Allow', Action: 'dynamodb:Scan', Resource: tableArn })).toEqual([
      `${at}: dynamodb:Scan is never allowed (Berth reads by key and index only)`,
    ]);
  });

  it('refuses resources beyond Berth: "*" where IAM scopes the action, other accounts and regions, the wrong resource type', async () => {
    const at = 'Resources.IamRoleLambdaExecution Policies[0].PolicyDocument.Statement[2] (serverless.yml provider.iam.role.statements)';
    const invoke = (Resource: unknown) =>
      problems(good[0], good[1], { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource }, good[3]);
    expect(await invoke('*')).toEqual([
      `${at}: lambda:InvokeFunction on "*": "*" grants it on every resource, but IAM scopes it: IAM scopes it to function: arn:\${Partition}:lambda:\${Region}:\${Account}:function:\${FunctionName}`,
    ]);
    expect(await invoke('arn:aws:lambda:us-east-1:123456789012:function:x')).toEqual([
      `${at}: lambda:InvokeFunction on "arn:aws:lambda:us-east-1:123456789012:function:x": is not in this stack's account: use \${AWS::AccountId}`,
    ]);
    expect(await invoke(arn('lambda:eu-west-1:${AWS::AccountId}:function:x'))).toEqual([
      expect.stringContaining("is not in this stack's region: use ${AWS::Region}"),
    ]);
    expect(await invoke(tableArn)).toEqual([expect.stringContaining('is not a resource this action acts on (IAM scopes it to function:')]);
    expect(await invoke({ Ref: 'Whatever' })).toEqual([expect.stringContaining('cannot tell which resource this is')]);
  });
});
