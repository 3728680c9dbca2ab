// serverless.yml reads the DynamoDB tables from infra/tables.json through this
// file, so the deployed stack and the local stack share one definition.
const tables = require('./tables.json');

module.exports = async ({ resolveVariable }) => {
  const tableName = await resolveVariable('self:custom.tableName');
  const kmsAlias = await resolveVariable('self:custom.kmsKeyAlias');
  return {
    BerthTable: {
      Type: 'AWS::DynamoDB::Table',
      // The state of every cluster: kept when the stack is deleted or the table replaced.
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { TableName: tableName, ...tables.berth },
    },
    // Seals the secrets of Berth-issued credentials (src/adapters/secrets/kms-cipher.ts). Retained with the table:
    // without it the stored secrets cannot be opened.
    BerthSecretsKey: {
      Type: 'AWS::KMS::Key',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        Description: `Berth credential secrets (${tableName})`,
        EnableKeyRotation: true,
        KeyPolicy: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } }, Action: 'kms:*', Resource: '*' },
          ],
        },
      },
    },
    BerthSecretsKeyAlias: {
      Type: 'AWS::KMS::Alias',
      Properties: { AliasName: kmsAlias, TargetKeyId: { Ref: 'BerthSecretsKey' } },
    },
  };
};
