/**
 * The local CloudWatch's own table on DynamoDB Local (never Berth's table,
 * never deployed). Keys, built in store.ts:
 *   datapoints   PK DP#<metric hash>      SK <epoch ms, 15 digits>#<id>
 *   metrics      PK METRICS               SK <namespace>\0<name>\0<dimensions>   (ListMetrics)
 *   alarms       PK ALARMS                SK <alarm name>
 *   history      PK HISTORY#<alarm name>  SK <epoch ms>#<id>; GSI1 HISTORY / <epoch ms>#<id> (all alarms)
 */
export const CLOUDWATCH_TABLE_SPEC = {
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    { AttributeName: 'PK', AttributeType: 'S' },
    { AttributeName: 'SK', AttributeType: 'S' },
    { AttributeName: 'GSI1PK', AttributeType: 'S' },
    { AttributeName: 'GSI1SK', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'PK', KeyType: 'HASH' },
    { AttributeName: 'SK', KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: 'GSI1',
      KeySchema: [
        { AttributeName: 'GSI1PK', KeyType: 'HASH' },
        { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
  TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
};
