import type { AppContext } from '../../src/app/context.js';
import { registerContainerInstance } from '../../src/app/container-instances/register-container-instance.js';

/** Registers `count` container instances of `cpu` units and `memory` MiB, spread over zones us-east-1a/b/c; their ARNs. */
export async function registerInstances(
  ctx: AppContext,
  cluster: string,
  count: number,
  resources: { cpu: number; memory: number },
): Promise<string[]> {
  const arns: string[] = [];
  for (let i = 0; i < count; i++) {
    const out = await registerContainerInstance(
      {
        cluster,
        totalResources: [
          { name: 'CPU', type: 'INTEGER', integerValue: resources.cpu },
          { name: 'MEMORY', type: 'INTEGER', integerValue: resources.memory },
        ],
        attributes: [{ name: 'ecs.availability-zone', value: `us-east-1${'abc'[i % 3]}` }],
      },
      ctx,
    );
    arns.push(out.containerInstance!.containerInstanceArn!);
  }
  return arns;
}
