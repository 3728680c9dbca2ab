import { agentPoll, writeHeartbeat, type AgentPollDeps } from '../app/agent-calls/agent-poll.js';
import { clusterNameParam } from '../app/clusters/resolve-cluster.js';
import { instanceIdParam } from '../app/container-instances/resolve-instance.js';
import type { AppContext } from '../app/context.js';
import { AuthFailure, jsonAuthError } from '../auth/auth-failure.js';
import type { Authenticator } from '../auth/authenticator.js';
import { authenticateInstance } from '../auth/instance-auth.js';
import { EcsError } from '../domain/errors.js';
import type { AgentConnectionStore } from '../ports/agent-channel.js';
import {
  CHANNEL_BEAT_ACTION,
  CHANNEL_POLL_ACTION,
  channelPollId,
  FRAME_TOO_LARGE,
  InvalidMessageError,
  MAX_CHANNEL_FRAME_BYTES,
  MAX_REASON_LENGTH,
  parseChannelMessage,
  type ChannelFrame,
} from '../protocol/index.js';
import type { Logger } from '../logging/logger.js';

/** A WebSocket route's event, as API Gateway (and serverless-offline) hand it over: only what the channel reads. */
export interface ChannelEvent {
  requestContext: { routeKey?: string; eventType?: string; connectionId?: string; identity?: { sourceIp?: string } };
  headers?: Record<string, string | undefined>;
  body?: string | null;
  isBase64Encoded?: boolean;
}

/** `body` is sent back on the socket (the route's `$default` route response); $connect refuses with a non-2xx status. */
export interface ChannelResult {
  statusCode: number;
  body?: string;
}

export interface AgentChannelDeps extends AgentPollDeps {
  connections: AgentConnectionStore;
  authenticator: Pick<Authenticator, 'authenticate'>;
  /** Told to agents on the socket as their pollIntervalMs: the heartbeat, since work is pushed. */
  heartbeatMs: number;
}

/**
 * The agents' WebSocket API (docs/agent-protocol.md, "The push channel"):
 * `$connect` authenticates the instance by the SigV4 signature of the upgrade
 * request (`GET /`, service `ecs`, its own key) and records the connection;
 * `poll` frames run the very poll of `POST /agent/v1/poll` for the instance
 * that opened the connection; `$disconnect` forgets it. A bad frame gets an
 * error frame and changes nothing; the handler never throws.
 */
export async function handleChannelEvent(
  event: ChannelEvent,
  ctx: AppContext,
  log: Logger,
  deps: AgentChannelDeps,
): Promise<ChannelResult> {
  const connectionId = event.requestContext.connectionId;
  if (!connectionId) return { statusCode: 400 };
  try {
    switch (event.requestContext.eventType) {
      case 'CONNECT':
        return await connect(event, connectionId, ctx, log, deps);
      case 'DISCONNECT': {
        const conn = await deps.connections.instanceOf(connectionId);
        if (conn) await deps.connections.close(conn);
        return { statusCode: 200 };
      }
      default: {
        const reply = await message(event, connectionId, ctx, log, deps);
        return reply ? { statusCode: 200, body: JSON.stringify(reply) } : { statusCode: 200 };
      }
    }
  } catch (err) {
    log.error('agent channel event failed', {
      connectionId,
      error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
    });
    return event.requestContext.eventType === 'MESSAGE'
      ? { statusCode: 200, body: JSON.stringify(errorFrame(channelPollId(event.body ?? ''), 'ServerException', 'Internal error')) }
      : { statusCode: 500 };
  }
}

async function connect(
  event: ChannelEvent,
  connectionId: string,
  ctx: AppContext,
  log: Logger,
  deps: AgentChannelDeps,
): Promise<ChannelResult> {
  const who = await authenticateInstance(deps.authenticator, {
    method: 'GET',
    // API Gateway does not hand the upgrade's path to $connect: by convention the agent signs `GET /`.
    path: '/',
    headers: event.headers ?? {},
    body: '',
    sourceIp: event.requestContext.identity?.sourceIp,
  });
  if (who instanceof AuthFailure) {
    const wire = jsonAuthError(who);
    log.info('agent channel refused', { connectionId, code: wire.code });
    return { statusCode: 403 };
  }
  const now = ctx.clock.now();
  // A deregistered instance holds valid keys until they are revoked, but gets no channel.
  if (!(await ctx.instances.heartbeat(who.cluster, who.id, now))) return { statusCode: 403 };
  await deps.connections.open({ connectionId, cluster: who.cluster, instanceId: who.id }, now);
  return { statusCode: 200 };
}

const gone = (id?: number) =>
  errorFrame(
    id,
    'InvalidContainerInstanceException',
    'The container instance is not registered with this cluster (or was deregistered): register it again.',
  );

/** A frame's answer, if it has one (a beat that is accepted has none). */
async function message(
  event: ChannelEvent,
  connectionId: string,
  ctx: AppContext,
  log: Logger,
  deps: AgentChannelDeps,
): Promise<ChannelFrame | undefined> {
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  let frame;
  try {
    frame = parseChannelMessage(raw);
  } catch (err) {
    if (!(err instanceof InvalidMessageError)) throw err;
    return errorFrame(channelPollId(raw), 'InvalidParameterException', err.message);
  }
  const id = frame.action === CHANNEL_POLL_ACTION ? frame.id : undefined;
  const conn = await deps.connections.instanceOf(connectionId);
  if (!conn) return errorFrame(id, 'InvalidContainerInstanceException', 'This connection is not open for a container instance: reconnect.');
  if (frame.action === CHANNEL_BEAT_ACTION)
    return (await writeHeartbeat(ctx, deps, conn.cluster, conn.instanceId, ctx.clock.now())) ? undefined : gone();
  let cluster: string;
  let instanceId: string | undefined;
  try {
    cluster = clusterNameParam(frame.poll.cluster);
    instanceId = instanceIdParam(frame.poll.containerInstanceArn, cluster);
  } catch (err) {
    if (err instanceof EcsError) return errorFrame(frame.id, err.code, err.message);
    throw err;
  }
  if (cluster !== conn.cluster || instanceId !== conn.instanceId) {
    log.info('agent channel frame for another instance refused', { connectionId });
    return errorFrame(
      frame.id,
      'AccessDeniedException',
      'This connection belongs to another container instance: poll only for the instance that connected.',
    );
  }
  try {
    const response = { ...(await agentPoll(frame.poll, ctx, deps)), pollIntervalMs: deps.heartbeatMs };
    const out: ChannelFrame = { type: 'poll-response', id: frame.id, response };
    if (Buffer.byteLength(JSON.stringify(out), 'utf8') > MAX_CHANNEL_FRAME_BYTES)
      return errorFrame(frame.id, FRAME_TOO_LARGE, 'The answer does not fit in one WebSocket message: poll over HTTP.');
    return out;
  } catch (err) {
    if (err instanceof EcsError && err.status < 500) return errorFrame(frame.id, err.code, err.message);
    throw err;
  }
}

function errorFrame(id: number | undefined, code: string, message: string): ChannelFrame {
  return { type: 'error', ...(id === undefined ? {} : { id }), code, message: message.slice(0, MAX_REASON_LENGTH) };
}
