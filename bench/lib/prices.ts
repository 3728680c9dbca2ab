/**
 * Public on-demand prices, us-east-1, in USD, as the AWS pricing pages list
 * them (checked 2026-11-30; DynamoDB on-demand after its November 2024
 * reduction; Lambda on arm64, which serverless.yml deploys). bench:cost
 * multiplies what it counts by these. Free tiers are left out: the figures
 * are what a cluster costs once past them.
 */
export const PRICES = {
  checked: '2026-11-30',
  region: 'us-east-1',
  apiGateway: {
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    httpRequestsPerMillion: 1.0,
    /** Sent and received, metered in 32 KB increments. */
    websocketMessagesPerMillion: 1.0,
    websocketConnectionMinutesPerMillion: 0.25,
  },
  lambda: {
    source: 'https://aws.amazon.com/lambda/pricing/',
    requestsPerMillion: 0.2,
    /** arm64, first 7.5 billion GB-seconds a month. */
    gbSecond: 0.0000133334,
  },
  dynamodb: {
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    writeRequestUnitsPerMillion: 0.625,
    readRequestUnitsPerMillion: 0.125,
  },
  cloudwatch: {
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    putMetricDataPerThousand: 0.01,
    alarmPerMonth: 0.1,
    customMetricPerMonth: 0.3,
  },
} as const;

export const HOURS_PER_MONTH = 730;

/** What one scenario consumed, in the units AWS bills. */
export interface Usage {
  httpRequests: number;
  wsMessages: number;
  wsConnectionMinutes: number;
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  readUnits: number;
  writeUnits: number;
  putMetricData: number;
}

export const emptyUsage = (): Usage => ({
  httpRequests: 0,
  wsMessages: 0,
  wsConnectionMinutes: 0,
  lambdaInvocations: 0,
  lambdaGbSeconds: 0,
  readUnits: 0,
  writeUnits: 0,
  putMetricData: 0,
});

export function scaleUsage(u: Usage, factor: number): Usage {
  return Object.fromEntries(Object.entries(u).map(([k, v]) => [k, v * factor])) as unknown as Usage;
}

export function addUsage(a: Usage, b: Usage): Usage {
  return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v + b[k as keyof Usage]])) as unknown as Usage;
}

/** Dollars, per billed item. */
export function dollars(u: Usage): Record<keyof Usage, number> & { total: number } {
  const p = PRICES;
  const parts = {
    httpRequests: (u.httpRequests / 1e6) * p.apiGateway.httpRequestsPerMillion,
    wsMessages: (u.wsMessages / 1e6) * p.apiGateway.websocketMessagesPerMillion,
    wsConnectionMinutes: (u.wsConnectionMinutes / 1e6) * p.apiGateway.websocketConnectionMinutesPerMillion,
    lambdaInvocations: (u.lambdaInvocations / 1e6) * p.lambda.requestsPerMillion,
    lambdaGbSeconds: u.lambdaGbSeconds * p.lambda.gbSecond,
    readUnits: (u.readUnits / 1e6) * p.dynamodb.readRequestUnitsPerMillion,
    writeUnits: (u.writeUnits / 1e6) * p.dynamodb.writeRequestUnitsPerMillion,
    putMetricData: (u.putMetricData / 1e3) * p.cloudwatch.putMetricDataPerThousand,
  };
  return { ...parts, total: Object.values(parts).reduce((a, b) => a + b, 0) };
}
