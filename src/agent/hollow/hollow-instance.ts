/**
 * One simulated container instance: a HollowDriver (the "host", whose tasks
 * outlive agent restarts) and the Agent currently running on it.
 */
import { join } from 'node:path';
import { Agent, type AgentOptions, type AgentStatus } from '../control-loop/agent.js';
import { createLogger, type ClosableLogger } from '../../logging/json-lines-logger.js';
import type { LogLevel } from '../../logging/logger.js';
import { HollowDriver } from './hollow-driver.js';

export interface HollowInstanceOptions {
  index: number;
  zone: string;
  stateDir: string;
  driver: HollowDriver;
  /** Everything the Agent needs except driver, stateDir and logger, which this instance provides. */
  agent: Omit<AgentOptions, 'driver' | 'stateDir' | 'logger'>;
  logToStdout: boolean;
  logLevel: LogLevel;
}

export class HollowInstance {
  readonly index: number;
  readonly zone: string;
  readonly stateDir: string;
  readonly driver: HollowDriver;
  private current: Agent;
  private logger: ClosableLogger;

  constructor(private readonly opts: HollowInstanceOptions) {
    this.index = opts.index;
    this.zone = opts.zone;
    this.stateDir = opts.stateDir;
    this.driver = opts.driver;
    [this.current, this.logger] = this.incarnate();
  }

  /** The agent of the current incarnation (a new one after each restart). */
  get agent(): Agent {
    return this.current;
  }

  status(): AgentStatus {
    return this.current.status();
  }

  start(): Promise<void> {
    return this.current.start();
  }

  /** Graceful agent stop; the simulated tasks keep running. */
  async stop(): Promise<void> {
    await this.current.stop();
    await this.logger.close();
  }

  /** The host drops off the network: no flush, no goodbye. Its tasks keep running. */
  async kill(): Promise<void> {
    await this.current.kill();
    await this.logger.close();
  }

  /** Stops the agent (if still running) and starts a fresh one on the same host and state dir. */
  async restart(): Promise<void> {
    await this.stop();
    [this.current, this.logger] = this.incarnate();
    await this.current.start();
  }

  private incarnate(): [Agent, ClosableLogger] {
    const logger = createLogger({
      file: join(this.stateDir, 'agent.log'),
      stdout: this.opts.logToStdout,
      level: this.opts.logLevel,
      fields: { hollow: this.index },
    });
    return [new Agent({ ...this.opts.agent, driver: this.driver, stateDir: this.stateDir, logger }), logger];
  }
}
