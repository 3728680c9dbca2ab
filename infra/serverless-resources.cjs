// serverless.yml reads the DynamoDB tables from infra/tables.json through this
// file, so the deployed stack and the local stack share one definition.
const tables = require('./tables.json');

module.exports = async ({ resolveVariable }) => {
  const tableName = await resolveVariable('self:custom.tableName');
  return {
    BerthTable: {
      Type: 'AWS::DynamoDB::Table',
      // The state of every cluster: kept when the stack is deleted or the table replaced.
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { TableName: tableName, ...tables.berth },
    },
  };
};
