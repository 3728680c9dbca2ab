/**
 * The push channel: the same poll exchange as `POST /agent/v1/poll`, carried
 * as frames on a WebSocket (API Gateway's WebSocket API; route key `action`),
 * plus two frames of its own: `wake`, pushed by the control plane the moment a
 * placement or a stop of one of the instance's tasks is committed (carrying
 * the run assignments of the placements, which the agent starts at once; for
 * whatever it names without carrying, the agent polls on the socket), and `beat`, the agent's heartbeat
 * between polls (one small message, no answer). Both transports share one
 * exchange, one set of parsers and one implementation on each side.
 */
import { MAX_ASSIGNMENTS_PER_POLL, MAX_ID_LENGTH, MAX_REASON_LENGTH } from './bounds.js';
import { parseAssignment, type RunAssignment } from './assignment.js';
import { InvalidMessageError } from './invalid-message-error.js';
import { parsePollRequest, type PollRequest } from './poll-request.js';
import { parsePollResponse, type PollResponse } from './poll-response.js';
import { enumValue, integer, list, object, present, text, unique } from './reader.js';

/** API Gateway's cap on one WebSocket message (128 KiB); larger exchanges go over HTTP. */
export const MAX_CHANNEL_FRAME_BYTES = 128 * 1024;
/** Frame ids: a counter per connection. */
export const MAX_FRAME_ID = 2 ** 31 - 1;
/** The route key of the agent's frames (serverless.yml: `route: poll`, selection `$request.body.action`). */
export const CHANNEL_POLL_ACTION = 'poll';
/** The agent's heartbeat between polls: answered only when it is refused (an `error` frame). */
export const CHANNEL_BEAT_ACTION = 'beat';
/** An answer that does not fit in one frame: the agent makes this exchange over HTTP instead. */
export const FRAME_TOO_LARGE = 'FrameTooLarge';

/** Agent → control plane: one poll, answered by a `poll-response` (or `error`) frame with the same id. */
export interface ChannelPoll {
  action: typeof CHANNEL_POLL_ACTION;
  id: number;
  poll: PollRequest;
}

export interface ChannelBeat {
  action: typeof CHANNEL_BEAT_ACTION;
}

export type ChannelMessage = ChannelPoll | ChannelBeat;

export type ChannelFrame =
  | { type: 'poll-response'; id: number; response: PollResponse }
  /** `id` names the poll refused; absent when the frame could not even be read. */
  | { type: 'error'; id?: number; code: string; message: string }
  /**
   * Work for the instance was committed: `tasks` are run assignments as a poll
   * would list them (a placement, pushed whole); for every task named in
   * `taskArns` and not carried (a stop, an order too large to push), poll now.
   */
  | { type: 'wake'; taskArns: string[]; tasks?: RunAssignment[] };

const POLL_FIELDS = new Set(['action', 'id', 'poll']);
const BEAT_FIELDS = new Set(['action']);
const FRAME_TYPES = ['poll-response', 'error', 'wake'] as const;
const FIELDS: Record<ChannelFrame['type'], ReadonlySet<string>> = {
  'poll-response': new Set(['type', 'id', 'response']),
  error: new Set(['type', 'id', 'code', 'message']),
  wake: new Set(['type', 'taskArns', 'tasks']),
};

const frameId = (v: unknown, path: string) => integer(v, path, 0, MAX_FRAME_ID);

/** A message parser applied to a frame's member, its errors' paths prefixed with the member's name. */
function member<T>(name: string, value: unknown, parse: (v: unknown) => T): T {
  try {
    return parse(value);
  } catch (err) {
    if (!(err instanceof InvalidMessageError)) throw err;
    const problem = err.message.slice((err.path || 'message').length + 1);
    throw new InvalidMessageError(err.path ? `${name}.${err.path}` : name, problem);
  }
}

/** JSON text of at most MAX_CHANNEL_FRAME_BYTES, parsed. */
function readFrameJson(raw: string): unknown {
  if (Buffer.byteLength(raw, 'utf8') > MAX_CHANNEL_FRAME_BYTES)
    throw new InvalidMessageError('frame', `must be at most ${MAX_CHANNEL_FRAME_BYTES} bytes`);
  try {
    return JSON.parse(raw);
  } catch {
    throw new InvalidMessageError('frame', 'must be JSON');
  }
}

/** The control plane's reading of an agent frame. */
export function parseChannelMessage(raw: string): ChannelMessage {
  const value = readFrameJson(raw);
  const action = enumValue((value as { action?: unknown } | null)?.action, 'action', [CHANNEL_POLL_ACTION, CHANNEL_BEAT_ACTION]);
  if (action === CHANNEL_BEAT_ACTION) {
    object(value, '', BEAT_FIELDS);
    return { action };
  }
  const f = object(value, '', POLL_FIELDS);
  return { action, id: frameId(f.id, 'id'), poll: member('poll', f.poll, parsePollRequest) };
}

/** The id of a frame that failed to parse, when it has a readable one (so the error frame can name it). */
export function channelPollId(raw: string): number | undefined {
  try {
    const id = (JSON.parse(raw) as { id?: unknown }).id;
    return typeof id === 'number' && Number.isInteger(id) && id >= 0 && id <= MAX_FRAME_ID ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The agent's reading of a control plane frame. */
export function parseChannelFrame(raw: string): ChannelFrame {
  const value = readFrameJson(raw);
  const type = enumValue((value as { type?: unknown } | null)?.type, 'type', FRAME_TYPES);
  const f = object(value, '', FIELDS[type]);
  switch (type) {
    case 'poll-response':
      return { type, id: frameId(f.id, 'id'), response: member('response', f.response, parsePollResponse) };
    case 'error':
      return {
        type,
        ...(present(f.id) ? { id: frameId(f.id, 'id') } : {}),
        code: text(f.code, 'code', MAX_ID_LENGTH),
        message: text(f.message, 'message', MAX_REASON_LENGTH),
      };
    case 'wake': {
      const taskArns = list(f.taskArns, 'taskArns', MAX_ASSIGNMENTS_PER_POLL, (v, p) => text(v, p, MAX_ID_LENGTH));
      if (!present(f.tasks)) return { type, taskArns };
      return { type, taskArns, tasks: pushedRuns(f.tasks, new Set(taskArns)) };
    }
  }
}

/** A wake's carried assignments: runs only, each once, each named by the wake. */
function pushedRuns(value: unknown, named: ReadonlySet<string>): RunAssignment[] {
  const runs = list(value, 'tasks', MAX_ASSIGNMENTS_PER_POLL, (v, p): RunAssignment => {
    const a = parseAssignment(v, p);
    if (a.desiredStatus !== 'RUNNING') throw new InvalidMessageError(`${p}.desiredStatus`, 'must be RUNNING: stops are polled for');
    if (!named.has(a.taskArn)) throw new InvalidMessageError(`${p}.taskArn`, 'must be one of taskArns');
    return a;
  });
  return unique(runs, 'tasks', (t) => t.taskArn, 'taskArn');
}
