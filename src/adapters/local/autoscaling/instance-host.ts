/**
 * Where the local Auto Scaling twin's instances come from: a local Berth
 * agent process per instance (infra/local/twins.ts provides it), the way EC2
 * boots an instance whose user data starts the ECS agent.
 */
export interface LocalInstanceLaunch {
  instanceId: string;
  cluster: string;
  zone: string;
  /** CPU units and MiB the instance offers (its group's tags), not the whole machine. */
  cpu: number;
  memory: number;
  /** `MIN-MAX`: its own share of the dynamic host ports. */
  dynamicPorts: string;
  /** Its "disk": the agent's identity, unsent reports and log. Kept across restarts, removed on termination. */
  stateDir: string;
}

export interface LocalInstanceProcess {
  /** The container instance ARN once the agent registered; rejects (with its last output) if it never does. */
  ready: Promise<string>;
  /** Settles when the agent process is gone. */
  exited: Promise<void>;
  /** SIGTERM: the agent stops and its tasks keep running (a reboot). SIGKILL: it vanishes. */
  stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

export interface LocalInstanceHost {
  launch(spec: LocalInstanceLaunch): LocalInstanceProcess;
  /** The instance is gone for good: whatever its tasks left running (containers, processes) and its disk go too. */
  destroy(stateDir: string): Promise<void>;
}
