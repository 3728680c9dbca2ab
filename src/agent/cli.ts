/**
 * berth-agent: turns this host into a container instance.
 *   npm run agent -- --endpoint http://127.0.0.1:3000 --cluster default
 * Prints a few plain progress lines (prefixed [berth-agent]; the ready line is
 * "registered as <arn> (driver …, … CPU, … MiB)") among the agent's JSON log
 * lines. SIGTERM / Ctrl-C stops the agent and leaves its tasks running, as the
 * ECS agent does; a second signal exits at once.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { agentVersion } from './agent-version.js';
import { CliUsageError } from './cli-flags.js';
import { parseAgentOptions, AGENT_USAGE, type AgentCliOptions } from './cli-options.js';
import { Agent, AgentStoppedError } from './control-loop/agent.js';
import { createLogger, type ClosableLogger } from '../logging/json-lines-logger.js';
import { chooseDriver, DockerUnavailableError } from './choose-driver.js';
import { LoggingDriverUnavailableError } from './runtime/capabilities.js';
import { instanceIdentityDocument } from './ec2-identity.js';
import { hostAttributes, hostResources, readHostFacts } from './host-resources.js';

const say = (line: string) => process.stdout.write(`[berth-agent] ${line}\n`);
const fail = (line: string) => process.stderr.write(`[berth-agent] ${line}\n`);

function options(): AgentCliOptions | number {
  try {
    const opts = parseAgentOptions(process.argv.slice(2), homedir(), process.env);
    if (opts !== 'help') return opts;
    process.stdout.write(AGENT_USAGE);
    return 0;
  } catch (err) {
    if (!(err instanceof CliUsageError)) throw err;
    process.stderr.write(`${err.message}\n\n${AGENT_USAGE}`);
    return 2;
  }
}

async function main(): Promise<number> {
  const opts = options();
  if (typeof opts === 'number') return opts;

  const facts = readHostFacts();
  let resources;
  try {
    resources = hostResources(facts, opts);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    fail(err.message);
    return 2;
  }
  let identity: string | undefined;
  try {
    identity = await instanceIdentityDocument(opts);
  } catch (err) {
    fail(`--ec2-instance-id imds: ${(err as Error).message}`);
    return 1;
  }
  let logger: ClosableLogger;
  try {
    logger = createLogger({ file: join(opts.stateDir, 'agent.log'), level: opts.logLevel });
  } catch (err) {
    // A state dir the agent cannot use.
    fail((err as Error).message);
    return 1;
  }
  let host;
  try {
    // The driver logs through the agent's logger, into agent.log.
    host = await chooseDriver(opts.driver, { ...opts, logger });
  } catch (err) {
    if (!(err instanceof DockerUnavailableError) && !(err instanceof LoggingDriverUnavailableError)) throw err;
    fail(err.message);
    await logger.close();
    return 1;
  }
  const { driver, dockerVersion, chosenBy, capabilities } = host;
  // Fixed at build time in the single-file bundle (it has no package.json beside it), package.json's from a checkout.
  const version = agentVersion();
  let agent: Agent;
  try {
    agent = new Agent({
      endpoint: opts.endpoint,
      cluster: opts.cluster,
      joinToken: opts.joinToken,
      driver,
      totalResources: resources,
      stateDir: opts.stateDir,
      logger,
      attributes: hostAttributes(facts, { ...opts, driver: driver.name, agentVersion: version, custom: opts.attributes }),
      capabilities,
      versionInfo: { agentVersion: version, ...(dockerVersion ? { dockerVersion } : {}) },
      transport: opts.transport,
      instanceIdentityDocument: identity,
      pollIntervalMs: opts.pollIntervalMs,
      usageIntervalMs: opts.usageIntervalMs,
    });
  } catch (err) {
    // A malformed endpoint, or a state dir the agent cannot use.
    fail((err as Error).message);
    await Promise.all([driver.close(), logger.close()]);
    return 1;
  }

  let stopped: Promise<void> | undefined;
  let stopRequested!: () => void;
  const signalled = new Promise<void>((resolve) => (stopRequested = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopped) process.exit(130);
    say(`${signal}: stopping the agent; its tasks keep running (signal again to exit now)`);
    stopped = agent.stop();
    stopRequested();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  say(`starting: cluster ${opts.cluster} at ${opts.endpoint}, driver ${driver.name} (${chosenBy}), state in ${opts.stateDir}`);
  try {
    await agent.start();
  } catch (err) {
    await stopped;
    await logger.close();
    if (err instanceof AgentStoppedError) return 0;
    fail(`could not start: ${(err as Error).message}`);
    return 1;
  }
  say(`registered as ${agent.containerInstanceArn} (driver ${driver.name}, ${resources.cpu} CPU, ${resources.memory} MiB)`);

  await signalled;
  await stopped;
  await logger.close();
  say('stopped');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    fail(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
