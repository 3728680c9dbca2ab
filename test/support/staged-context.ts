import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AppContext } from '../../src/app/context.js';
import type { BerthConfig } from '../../src/config.js';
import type { Clock } from '../../src/ports/clock.js';
import { buildAppContext } from '../../src/wiring/app-context.js';

/** A process killed mid-call: thrown by every DynamoDB call after the crash point. */
export class Crash extends Error {}

export const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
  'BatchWriteItemCommand',
]);

export interface Stage {
  /** The first call (by DynamoDB command name, e.g. TransactWriteItemsCommand) that waits for `open()`. */
  holdAt?: (command: string) => boolean;
  /** The call after which the process dies: it took effect, its caller never learns. */
  crashAfter?: (command: string) => boolean;
  clock?: Clock;
  seed?: number;
}

/**
 * A context whose DynamoDB calls a test stages: one of them waits until the
 * test opens the gate (so two use cases can both read before either writes),
 * or the process dies right after one of them. What the use cases do between
 * calls is untouched.
 */
export function stagedContext(config: BerthConfig, stage: Stage) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let held!: () => void;
  const reached = new Promise<void>((resolve) => (held = resolve));
  let holding = stage.holdAt !== undefined;
  let crashed = false;
  const ctx: AppContext = buildAppContext(config, {
    clock: stage.clock,
    instrument: (db: DynamoDBDocumentClient) =>
      db.middlewareStack.add(
        (next, context) => async (args) => {
          const command = context.commandName ?? '';
          if (crashed) throw new Crash(`crashed before ${command}`);
          if (holding && stage.holdAt!(command)) {
            holding = false;
            held();
            await gate;
          }
          const out = await next(args);
          if (stage.crashAfter?.(command)) {
            crashed = true;
            throw new Crash(`crashed after ${command}`);
          }
          return out;
        },
        { step: 'initialize', name: 'stage' },
      ),
  });
  if (stage.seed !== undefined) ctx.ids = { ...ctx.ids, seed: () => stage.seed! };
  return { ctx, reached, open: () => open() };
}

/** Swallows the Crash of a staged context, rethrows anything else. */
export const survive = (err: unknown) => {
  if (!(err instanceof Crash)) throw err;
};
