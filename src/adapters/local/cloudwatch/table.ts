import { TWIN_TABLE_WITH_GSI1 } from '../twin-table-spec.js';

/**
 * The local CloudWatch's own table on DynamoDB Local (never Berth's table,
 * never deployed). Keys, built in store.ts:
 *   datapoints   PK DP#<metric hash>      SK <epoch ms, 15 digits>#<id>
 *   metrics      PK METRICS               SK <namespace>\0<name>\0<dimensions>   (ListMetrics)
 *   alarms       PK ALARMS                SK <alarm name>
 *   history      PK HISTORY#<alarm name>  SK <epoch ms>#<id>; GSI1 HISTORY / <epoch ms>#<id> (all alarms)
 */
export const CLOUDWATCH_TABLE_SPEC = { ...TWIN_TABLE_WITH_GSI1, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } };
