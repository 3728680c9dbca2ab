/**
 * `berth-agent user-data`: a cloud-init user-data script for EC2 launch
 * templates and Auto Scaling groups. On first boot it installs Docker Engine
 * and Node.js 20 (Amazon Linux 2023's packages; on another image install them
 * first), reads the instance's zone and type from the instance metadata
 * service (IMDSv2), fetches the agent this control plane serves and runs
 * `berth-agent install` with them.
 */
import type { SetupOptions } from './setup-options.js';

/** One shell word, single-quoted. */
export function shellWord(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function userDataScript(
  opts: Pick<SetupOptions, 'endpoint' | 'cluster' | 'joinToken' | 'stateDir' | 'agentArgs'>,
  version: string,
): string {
  const extra = opts.agentArgs.map(shellWord).join(' ');
  return `#!/bin/bash
# cloud-init user-data (rendered by \`berth-agent user-data\`, Berth ${version}): this EC2 instance
# becomes a container instance of Berth cluster ${opts.cluster}. Log: /var/log/berth-agent-setup.log
set -euo pipefail
exec >>/var/log/berth-agent-setup.log 2>&1

endpoint=${shellWord(opts.endpoint)}
cluster=${shellWord(opts.cluster)}
state_dir=${shellWord(opts.stateDir)}
join_token=${shellWord(opts.joinToken)}

# Docker Engine and Node.js 20 (Amazon Linux 2023); other images: have docker and node 20+ installed.
if command -v dnf >/dev/null 2>&1; then dnf install -y docker nodejs20; fi
systemctl enable --now docker
node_bin=$(command -v node-20 || command -v node)

# The instance's zone and type (IMDSv2) become the agent's ecs.availability-zone and ecs.instance-type.
imds_token=$(curl -fsS -m 5 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' http://169.254.169.254/latest/api/token)
imds() { curl -fsS -m 5 -H "X-aws-ec2-metadata-token: $imds_token" "http://169.254.169.254/latest/meta-data/$1"; }
zone=$(imds placement/availability-zone)
instance_type=$(imds instance-type)

# The agent this control plane serves, installed as the systemd unit berth-agent.service.
curl -fsS --retry 10 --retry-connrefused -o /root/berth-agent.mjs "$endpoint/agent/v1/berth-agent.mjs"
printf '%s' "$join_token" | "$node_bin" /root/berth-agent.mjs install --endpoint "$endpoint" --cluster "$cluster" \\
  --state-dir "$state_dir" --join-token-file - -- --zone "$zone" --instance-type "$instance_type"${extra ? ` ${extra}` : ''}
rm -f /root/berth-agent.mjs
`;
}
