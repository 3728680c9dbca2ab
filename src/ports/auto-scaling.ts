/**
 * The EC2 Auto Scaling groups behind capacity providers, as the use cases
 * need them: read a group with its instances, set its desired capacity,
 * protect instances from scale-in, terminate a chosen instance. On AWS the
 * real service; locally the Auto Scaling twin on the one local endpoint.
 */
export interface ScalingGroupInstance {
  instanceId: string;
  zone: string;
  /** Pending, InService, Terminating, … as Auto Scaling names them. */
  lifecycleState: string;
  healthStatus: string;
  protectedFromScaleIn: boolean;
}

export interface ScalingGroup {
  name: string;
  arn: string;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  newInstancesProtectedFromScaleIn: boolean;
  instances: ScalingGroupInstance[];
  tags: Record<string, string>;
}

export interface AutoScalingGroups {
  /** The named groups that exist (unknown names are simply absent, as DescribeAutoScalingGroups answers). */
  describe(names: readonly string[]): Promise<ScalingGroup[]>;
  setDesiredCapacity(group: string, desiredCapacity: number): Promise<void>;
  setInstanceProtection(group: string, instanceIds: readonly string[], protectedFromScaleIn: boolean): Promise<void>;
  /** Terminates one instance; with `decrementDesiredCapacity` the group does not replace it. */
  terminateInstance(instanceId: string, decrementDesiredCapacity: boolean): Promise<void>;
}

/** `arn:aws:autoscaling:…:autoScalingGroup:<uuid>:autoScalingGroupName/<name>` → name; a plain name stays as it is. */
export function scalingGroupName(arnOrName: string): string {
  const m = /^arn:[^:]+:autoscaling:[^:]*:\d*:autoScalingGroup:[^:]*:autoScalingGroupName\/(.+)$/.exec(arnOrName);
  return m ? m[1]! : arnOrName;
}
