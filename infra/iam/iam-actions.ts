/**
 * SDK command → the IAM action(s) AWS authorizes it with. The default is the
 * service's IAM prefix and the command's name (`PutItemCommand` of
 * client-dynamodb → `dynamodb:PutItem`); the table below holds the exceptions.
 * A new client package needs its IAM prefix in IAM_PREFIX (the IAM test says so).
 */
import type { SdkCall, TransactItemKind, TransactItemUse } from './sdk-calls.js';

/** Client package → IAM service prefix (https://docs.aws.amazon.com/service-authorization/latest/reference/). */
export const IAM_PREFIX: Record<string, string> = {
  '@aws-sdk/client-dynamodb': 'dynamodb',
  '@aws-sdk/lib-dynamodb': 'dynamodb',
  '@aws-sdk/client-lambda': 'lambda',
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
  '@aws-sdk/client-auto-scaling': 'autoscaling',
  '@aws-sdk/client-application-auto-scaling': 'application-autoscaling',
  '@aws-sdk/client-elastic-load-balancing-v2': 'elasticloadbalancing',
  '@aws-sdk/client-kms': 'kms',
  '@aws-sdk/client-apigatewaymanagementapi': 'execute-api',
  '@aws-sdk/client-sts': 'sts',
};

const TRANSACT_ITEM_ACTION: Record<TransactItemKind, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};

/** Commands whose IAM action is not `<prefix>:<name>`. 'transact-write' = the item actions of the transactions' items. */
const EXCEPTIONS: Record<string, Record<string, string[] | 'transact-write'>> = {
  // The document client's commands are the table commands under shorter names.
  '@aws-sdk/lib-dynamodb': {
    GetCommand: ['dynamodb:GetItem'],
    PutCommand: ['dynamodb:PutItem'],
    UpdateCommand: ['dynamodb:UpdateItem'],
    DeleteCommand: ['dynamodb:DeleteItem'],
    BatchGetCommand: ['dynamodb:BatchGetItem'],
    BatchWriteCommand: ['dynamodb:BatchWriteItem'],
    QueryCommand: ['dynamodb:Query'],
    ScanCommand: ['dynamodb:Scan'],
    TransactGetCommand: ['dynamodb:GetItem'],
    TransactWriteCommand: 'transact-write',
    ExecuteStatementCommand: ['dynamodb:PartiQLSelect'],
  },
  // Transactions are authorized item by item (there is no TransactWriteItems action).
  '@aws-sdk/client-dynamodb': { TransactGetItemsCommand: ['dynamodb:GetItem'], TransactWriteItemsCommand: 'transact-write' },
  '@aws-sdk/client-lambda': { InvokeCommand: ['lambda:InvokeFunction'], InvokeWithResponseStreamCommand: ['lambda:InvokeFunction'] },
  // Every call on a WebSocket API's connections is execute-api:ManageConnections.
  '@aws-sdk/client-apigatewaymanagementapi': {
    PostToConnectionCommand: ['execute-api:ManageConnections'],
    GetConnectionCommand: ['execute-api:ManageConnections'],
    DeleteConnectionCommand: ['execute-api:ManageConnections'],
  },
};

export interface RequiredAction {
  action: string;
  /** Where the code sends it: `file:line (Command)`. */
  because: string[];
}

export type Derivation = { actions: Map<string, RequiredAction>; unknownPackages: SdkCall[] };

/** The IAM actions the given calls need; calls from a client package with no known IAM prefix are listed apart. */
export function requiredActions(calls: SdkCall[], transactItems: TransactItemUse[]): Derivation {
  const actions = new Map<string, RequiredAction>();
  const unknownPackages: SdkCall[] = [];
  const need = (action: string, because: string) => {
    const entry = actions.get(action) ?? { action, because: [] };
    if (!entry.because.includes(because)) entry.because.push(because);
    actions.set(action, entry);
  };
  for (const call of calls) {
    const where = `${call.file}:${call.line} (${call.command})`;
    const prefix = IAM_PREFIX[call.pkg];
    if (!prefix) {
      unknownPackages.push(call);
      continue;
    }
    const mapped = EXCEPTIONS[call.pkg]?.[call.command] ?? [`${prefix}:${call.command.replace(/Command$/, '')}`];
    if (mapped !== 'transact-write') for (const action of mapped) need(action, where);
    else
      for (const item of transactItems)
        need(TRANSACT_ITEM_ACTION[item.kind], `${where} with ${item.kind} items (${item.file}:${item.line})`);
  }
  return { actions, unknownPackages };
}
