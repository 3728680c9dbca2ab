/**
 * What `berth-agent install` writes on a host: where, and with which text.
 * Pure, so the unit and the configuration are checked without a host.
 */
import type { SetupOptions } from './setup-options.js';

export const UNIT_NAME = 'berth-agent.service';
export const HOST_PATHS = {
  bundle: '/usr/local/lib/berth/berth-agent.mjs',
  config: '/etc/berth/agent.env',
  unit: `/etc/systemd/system/${UNIT_NAME}`,
} as const;

/** A double-quoted value of a systemd EnvironmentFile (its parser unescapes \" \\ \` \$ inside double quotes). */
function envValue(value: string): string {
  return `"${value.replace(/["\\`$]/g, (c) => `\\${c}`)}"`;
}

/** One argument of a unit's ExecStart: double-quoted, with $ and % (variable and specifier expansion) doubled. */
export function execArg(arg: string): string {
  return `"${arg
    .replace(/["\\]/g, (c) => `\\${c}`)
    .replace(/\$/g, '$$$$')
    .replace(/%/g, '%%')}"`;
}

/** /etc/berth/agent.env: the agent's configuration (0600: it holds the join token). */
export function configFile(opts: SetupOptions, version: string): string {
  return [
    `# Berth agent configuration, written by \`berth-agent install\` (Berth ${version}); read by ${UNIT_NAME}.`,
    '# Edit, then `systemctl restart berth-agent` to apply.',
    `BERTH_ENDPOINT=${envValue(opts.endpoint)}`,
    `BERTH_CLUSTER=${envValue(opts.cluster)}`,
    `BERTH_STATE_DIR=${envValue(opts.stateDir)}`,
    '# Lets this host join the cluster the first time; the instance then keeps its own credential in the state dir.',
    `BERTH_JOIN_TOKEN=${envValue(opts.joinToken)}`,
    '',
  ].join('\n');
}

/** The systemd unit: endpoint, cluster and state dir come from the configuration file, so editing it is enough. */
export function unitFile(opts: SetupOptions, version: string): string {
  const command = [
    opts.node,
    HOST_PATHS.bundle,
    '--endpoint ${BERTH_ENDPOINT}',
    '--cluster ${BERTH_CLUSTER}',
    '--state-dir ${BERTH_STATE_DIR}',
    ...opts.agentArgs.map(execArg),
  ].join(' ');
  return `# Written by \`berth-agent install\` (Berth ${version}). Configuration: ${HOST_PATHS.config}.
[Unit]
Description=Berth agent: this host as a container instance of cluster ${opts.cluster.replace(/%/g, '%%')}
# Docker Engine when the host has it; without it the agent runs tasks as host processes.
Wants=network-online.target
After=network-online.target docker.service

[Service]
Type=simple
EnvironmentFile=${HOST_PATHS.config}
ExecStart=${command}
# Stopping the agent leaves its tasks running (as the ECS agent does): only the agent gets SIGTERM,
# and the next start adopts the tasks again.
KillMode=process
KillSignal=SIGTERM
TimeoutStopSec=30
Restart=always
RestartSec=5

[Install]
WantedBy=multi-user.target
`;
}
