/** The push channel's state: which WebSocket connection belongs to which container instance. */
export interface AgentConnection {
  connectionId: string;
  cluster: string;
  instanceId: string;
}

export interface AgentConnectionStore {
  /** Records an authenticated connection; it becomes the instance's channel (the newest connection wins). */
  open(conn: AgentConnection, now: number): Promise<void>;
  /** The instance a connection was opened by, or undefined for an unknown (closed, never opened) one. */
  instanceOf(connectionId: string): Promise<AgentConnection | undefined>;
  /** The connection pushes for an instance go to, if it holds one. */
  connectionOf(cluster: string, instanceId: string): Promise<string | undefined>;
  /** Forgets a connection (closed, or gone); the instance's channel only if it is still this connection. */
  close(conn: AgentConnection): Promise<void>;
}

/** Sends one frame on a connection: 'gone' when the connection no longer exists (API Gateway's GoneException). */
export interface ConnectionPusher {
  push(connectionId: string, frame: string): Promise<'sent' | 'gone'>;
}
