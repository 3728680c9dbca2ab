import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { clientError, invalidParameter, type EcsError } from '../../domain/errors.js';

/**
 * DynamoDB's own limits, met by values a client chose, are the client's
 * mistake: answered as typed 4xx errors that name the limit, never as a 500.
 * The API refuses what it can before any call (src/api: body, list and string
 * caps); this is the net under it for what only the table knows — an item
 * over 400 KB after a merge, an identifier too long to be a key, a number the
 * document client cannot store exactly, a crafted page token. DynamoDB
 * rejects the whole write, so nothing was changed.
 */
const RULES: [RegExp, () => EcsError][] = [
  [
    /^Item size (to update )?has exceeded the maximum allowed size/,
    () => clientError('The resource would exceed the 400 KB a stored item can hold: nothing was changed.'),
  ],
  [
    /primary key values must be under|Size of hashkey has exceeded|range keys has exceeded the size limit|^One or more parameter values were invalid: Size limit exceeded/,
    () => invalidParameter('An identifier in the request is too long (keys hold at most 1024 bytes).'),
  ],
  [/^The provided starting key|^Exclusive Start Key/, () => invalidParameter('Invalid nextToken.')],
  [
    /^Number .* is (greater|less) than Number\.(MAX|MIN)_SAFE_INTEGER/,
    () => invalidParameter('A number in the request is too large to be stored exactly.'),
  ],
];

export function refusalOf(err: unknown): EcsError | undefined {
  if (!(err instanceof Error)) return undefined;
  const messages =
    err.name === 'TransactionCanceledException'
      ? ((err as { CancellationReasons?: { Code?: string; Message?: string }[] }).CancellationReasons ?? [])
          .filter((r) => r.Code === 'ValidationError')
          .map((r) => r.Message ?? '')
      : err.name === 'ValidationException' || err.name === 'Error'
        ? [err.message]
        : [];
  for (const m of messages) for (const [re, make] of RULES) if (re.test(m)) return make();
  return undefined;
}

/** Installs the mapping on a client: first in the chain, so it also sees the document client's marshalling errors. */
export function mapDynamoDbRefusals(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (err) {
        throw refusalOf(err) ?? err;
      }
    },
    { step: 'initialize', priority: 'high', name: 'berthDynamoDbRefusals' },
  );
}
