import { beforeAll, describe, expect, it } from 'vitest';
import { checkTemplate, formatFinding } from '../../../infra/template-check/check-template.js';
import { loadResourceSpecs, type ResourceSpecs } from '../../../infra/template-check/resource-spec.js';

let specs: ResourceSpecs;
beforeAll(async () => {
  specs = await loadResourceSpecs();
}, 60_000);

const table = {
  Type: 'AWS::DynamoDB::Table',
  Properties: {
    TableName: 'berth-dev',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
  },
};
const role = {
  Type: 'AWS::IAM::Role',
  Properties: {
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    },
  },
};
const fn = {
  Type: 'AWS::Lambda::Function',
  Properties: {
    Handler: 'dist/functions/ecs-api.handler',
    Runtime: 'nodejs22.x',
    Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
    Code: { S3Bucket: 'b', S3Key: 'k' },
    MemorySize: 512,
    Environment: { Variables: { BERTH_TABLE: { Ref: 'Table' }, BERTH_ACCOUNT_ID: { Ref: 'AWS::AccountId' } } },
  },
};
const template = (resources: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: { Table: table, Role: role, Fn: fn, ...resources },
  ...extra,
});
const findings = (t: unknown) => checkTemplate(t, specs).map(formatFinding);
const patch = (base: { Type: string; Properties: Record<string, unknown> }, properties: Record<string, unknown>) => ({
  ...base,
  Properties: { ...base.Properties, ...properties },
});

describe('the offline template check', () => {
  it('passes a well-formed template', () => {
    expect(findings(template({}, { Outputs: { TableArn: { Value: { 'Fn::GetAtt': 'Table.Arn' } } } }))).toEqual([]);
  });

  it('names the resource and the path of a property problem', () => {
    expect(findings(template({ Fn: patch(fn, { PackageType: 'zip' }) }))).toEqual([
      'Resources.Fn (AWS::Lambda::Function) Properties.PackageType: "zip" is not one of Image, Zip',
    ]);
    expect(findings(template({ Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 10 } } }))).toEqual([
      expect.stringMatching(/^Resources\.Logs \(AWS::Logs::LogGroup\) Properties\.RetentionInDays: 10 is not one of 1, 3, 5, 7, 14, 30/),
    ]);
    expect(findings(template({ Fn: patch(fn, { MemorySze: 512 }) }))).toEqual([
      expect.stringMatching(/^Resources\.Fn \(AWS::Lambda::Function\) Properties\.MemorySze: is not a property here \(known: .*MemorySize/),
    ]);
    expect(findings(template({ Fn: patch(fn, { MemorySize: 'lots' }) }))).toEqual([
      'Resources.Fn (AWS::Lambda::Function) Properties.MemorySize: must be an integer, not string "lots"',
    ]);
    expect(findings(template({ Fn: { ...fn, Properties: { ...fn.Properties, Code: undefined } } }))).toEqual([
      'Resources.Fn (AWS::Lambda::Function) Properties.Code: is required',
    ]);
    expect(findings(template({ Table: patch(table, { KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH', Extra: 1 }] }) }))).toEqual([
      expect.stringMatching(/^Resources\.Table \(AWS::DynamoDB::Table\) Properties\.KeySchema\[0\]\.Extra: is not a property here/),
    ]);
    expect(findings(template({ Table: patch(table, { KeySchema: { AttributeName: 'PK' } }) }))).toEqual([
      'Resources.Table (AWS::DynamoDB::Table) Properties.KeySchema: must be a list, not an object',
    ]);
  });

  it('checks references: Ref, Fn::GetAtt attributes, Fn::Sub variables, DependsOn, and cycles', () => {
    const env = (v: unknown) => patch(fn, { Environment: { Variables: { X: v } } });
    expect(findings(template({ Fn: env({ Ref: 'Tabel' }) }))).toEqual([
      'Resources.Fn (AWS::Lambda::Function) Properties.Environment.Variables.X.Ref: Tabel is no resource, parameter or pseudo parameter of this template',
    ]);
    expect(findings(template({ Fn: env({ 'Fn::GetAtt': ['Table', 'Endpoint'] }) }))).toEqual([
      'Resources.Fn (AWS::Lambda::Function) Properties.Environment.Variables.X.Fn::GetAtt: AWS::DynamoDB::Table has no attribute Endpoint (it has Arn, StreamArn)',
    ]);
    expect(findings(template({ Fn: env({ 'Fn::Sub': 'arn:${AWS::Partition}:x:${AWS::Regoin}:${Table.Arn}' }) }))).toEqual([
      expect.stringContaining('Properties.Environment.Variables.X.Fn::Sub: ${AWS::Regoin}: no AWS::Regoin'),
    ]);
    expect(findings(template({ Fn: { ...fn, DependsOn: ['Nothing'] } }))).toEqual([
      'Resources.Fn (AWS::Lambda::Function) DependsOn: names no resource of this template: string "Nothing"',
    ]);
    expect(findings(template({ Fn: env({ 'Fn::Split': [','] }) }))).toEqual([
      'Resources.Fn (AWS::Lambda::Function) Properties.Environment.Variables.X.Fn::Split: takes [delimiter, string]',
    ]);
    expect(findings(template({ Fn: env({ 'Fn::Magic': 1 }) }))).toEqual([
      'Resources.Fn (AWS::Lambda::Function) Properties.Environment.Variables.X.Fn::Magic: Fn::Magic is not an intrinsic function',
    ]);
    const cyclic = template({ Role: { ...role, DependsOn: 'Fn' } });
    expect(findings(cyclic)).toEqual(['Resources.Role: circular dependency: Role → Fn → Role']);
  });

  it('refuses unknown types, unresolved Serverless variables, bad policies and bad template sections', () => {
    expect(findings(template({ Q: { Type: 'AWS::SQS::Quee', Properties: {} } }))).toEqual([
      'Resources.Q (AWS::SQS::Quee) Type: AWS::SQS::Quee is not a CloudFormation resource type',
    ]);
    expect(findings(template({ Fn: patch(fn, { Description: 'account ${aws:accountId}' }) }))).toEqual([
      'Resources.Fn (AWS::Lambda::Function) Properties.Description: holds an unresolved Serverless variable: "${aws:accountId}"',
    ]);
    const policy = (statement: unknown) =>
      patch(role, { Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [statement] } }] });
    expect(findings(template({ Role: policy({ Effect: 'Allow', Action: 'dynamodb GetItem', Resource: '*' }) }))).toEqual([
      'Resources.Role (AWS::IAM::Role) Properties.Policies[0].PolicyDocument.Statement[0].Action: string "dynamodb GetItem" is not service:Action',
    ]);
    expect(findings(template({ Role: policy({ Effect: 'Allow', Action: 'dynamodb:GetItem' }) }))).toEqual([
      'Resources.Role (AWS::IAM::Role) Properties.Policies[0].PolicyDocument.Statement[0]: needs Resource or NotResource',
    ]);
    expect(findings({ ...template({}), Resource: {} })).toEqual(['Template Resource: is not a template section']);
    expect(findings(template({ Table: { ...table, DeletionPolicy: 'Retain' } }))).toEqual([
      'Resources.Table (AWS::DynamoDB::Table) UpdateReplacePolicy: is needed beside DeletionPolicy Retain: together they protect the resource',
    ]);
    expect(findings(template({ Table: { ...table, DeletionPolicy: 'Delete' } }))).toEqual([]);
    expect(findings(template({ 'bad-id': table, Table: { ...table, DeletionPolicy: 'Keep', UpdateReplacePolicy: 'Retain' } }))).toEqual([
      'Resources.Table (AWS::DynamoDB::Table) DeletionPolicy: must be one of Delete, Retain, Snapshot, RetainExceptOnCreate, not string "Keep"',
      'Resources.bad-id (AWS::DynamoDB::Table): logical ID must be 1-255 letters and digits',
    ]);
  });
});
