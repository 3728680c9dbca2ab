/**
 * Which EC2 instance this host is, as the ECS agent tells ECS: the instance
 * identity document goes with RegisterContainerInstance, and its instanceId
 * is how the control plane matches the container instance to its Auto Scaling
 * group (capacity providers). Given on the command line (the local Auto
 * Scaling twin names its instances), or read from the instance metadata
 * service (IMDSv2) on a real EC2 instance.
 */
const IMDS = 'http://169.254.169.254';
const IMDS_TIMEOUT_MS = 2000;

export interface IdentityOptions {
  /** An instance id, or 'imds'. */
  ec2InstanceId?: string;
  zone: string;
  instanceType: string;
}

export async function instanceIdentityDocument(o: IdentityOptions, fetchFn: typeof fetch = fetch): Promise<string | undefined> {
  if (o.ec2InstanceId === undefined) return undefined;
  if (o.ec2InstanceId !== 'imds') {
    return JSON.stringify({ instanceId: o.ec2InstanceId, availabilityZone: o.zone, instanceType: o.instanceType });
  }
  const signal = () => AbortSignal.timeout(IMDS_TIMEOUT_MS);
  const token = await fetchFn(`${IMDS}/latest/api/token`, {
    method: 'PUT',
    headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '60' },
    signal: signal(),
  });
  if (!token.ok) throw new Error(`instance metadata service: token request answered ${token.status}`);
  const doc = await fetchFn(`${IMDS}/latest/dynamic/instance-identity/document`, {
    headers: { 'X-aws-ec2-metadata-token': await token.text() },
    signal: signal(),
  });
  if (!doc.ok) throw new Error(`instance metadata service: identity document answered ${doc.status}`);
  const text = await doc.text();
  const parsed = JSON.parse(text) as { instanceId?: unknown };
  if (typeof parsed.instanceId !== 'string') throw new Error('instance metadata service: the identity document has no instanceId');
  return text;
}
