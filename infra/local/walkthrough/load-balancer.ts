/**
 * A local Application Load Balancer for a web service, made with the stock
 * ELBv2 client (the twin behind `npm start`'s endpoint): a target group
 * with quick health checks and a short connection-draining delay, a load
 * balancer, and an HTTP listener on a real port of this machine. Each step
 * reuses what an earlier run made.
 */
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeListenersCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { freePort } from '../ports.js';
import { HEALTH_PATH } from './web-task-definition.js';

export interface LocalLoadBalancer {
  targetGroupArn: string;
  loadBalancerArn: string;
  listenerArn: string;
  /** The one URL: http://127.0.0.1:<listener port>/ */
  url: string;
}

export interface LoadBalancerOptions {
  name: string;
  /** Listener port to ask for first (another free port when the machine has it taken). */
  port?: number;
  /** Seconds a deregistered task keeps draining (ELB's default is 300). */
  deregistrationDelaySeconds?: number;
}

export function localElbClient(endpoint: string): ElasticLoadBalancingV2Client {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new ElasticLoadBalancingV2Client({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 2,
  });
}

export async function ensureLoadBalancer(elb: ElasticLoadBalancingV2Client, opts: LoadBalancerOptions): Promise<LocalLoadBalancer> {
  const tg = await elb.send(
    new CreateTargetGroupCommand({
      Name: opts.name,
      Protocol: 'HTTP',
      Port: 80,
      TargetType: 'instance',
      HealthCheckPath: HEALTH_PATH,
      HealthCheckIntervalSeconds: 5,
      HealthCheckTimeoutSeconds: 2,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 2,
    }),
  );
  const targetGroupArn = tg.TargetGroups![0].TargetGroupArn!;
  await elb.send(
    new ModifyTargetGroupAttributesCommand({
      TargetGroupArn: targetGroupArn,
      Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: String(opts.deregistrationDelaySeconds ?? 5) }],
    }),
  );
  const lb = await elb.send(new CreateLoadBalancerCommand({ Name: opts.name }));
  const loadBalancerArn = lb.LoadBalancers![0].LoadBalancerArn!;
  const existing = (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: loadBalancerArn }))).Listeners ?? [];
  const forwarding = existing.find((l) => l.DefaultActions?.some((a) => a.TargetGroupArn === targetGroupArn));
  if (forwarding)
    return { targetGroupArn, loadBalancerArn, listenerArn: forwarding.ListenerArn!, url: `http://127.0.0.1:${forwarding.Port}/` };
  const listen = async (port: number) =>
    elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: loadBalancerArn,
        Protocol: 'HTTP',
        Port: port,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
      }),
    );
  let listener;
  try {
    listener = await listen(opts.port ?? (await freePort()));
  } catch (err) {
    // The port asked for is taken on this machine: any free one will do.
    if (opts.port === undefined || (err as Error).name !== 'InvalidConfigurationRequestException') throw err;
    listener = await listen(await freePort());
  }
  const l = listener.Listeners![0];
  return { targetGroupArn, loadBalancerArn, listenerArn: l.ListenerArn!, url: `http://127.0.0.1:${l.Port}/` };
}
