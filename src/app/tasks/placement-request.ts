import type { PlacementConstraint, PlacementStrategy, TaskOverride } from '@aws-sdk/client-ecs';
import { effectiveResources } from '../../domain/effective-definition.js';
import { invalidParameter } from '../../domain/errors.js';
import type { TaskDefinitionRecord } from '../../domain/task-definition.js';
import type { Wire } from '../../domain/wire.js';
import { CqlSyntaxError, validatePlacement, type PlacementRequest, type PortRequest } from '../../scheduler/placement/index.js';

/** The host ports a task of this definition asks for: static ones as given, 0/absent = dynamic (bridge). */
export function portRequests(td: TaskDefinitionRecord): PortRequest[] {
  const fixed = td.networkMode === 'host' || td.networkMode === 'awsvpc';
  return td.containerDefinitions.flatMap((c) =>
    (c.portMappings ?? [])
      .filter((p) => p.containerPort !== undefined)
      .map((p) => ({
        containerName: c.name!,
        containerPort: p.containerPort!,
        hostPort: fixed ? (p.hostPort ?? p.containerPort) : p.hostPort || undefined,
        protocol: (p.protocol ?? 'tcp') as 'tcp' | 'udp',
      })),
  );
}

/** Bad constraints or strategies are the caller's mistake: InvalidParameterException, before any state changes. */
export function checkPlacementInput(constraints: readonly PlacementConstraint[] = [], strategy: readonly PlacementStrategy[] = []): void {
  let problems: string[];
  try {
    problems = validatePlacement(constraints as never, strategy as never);
  } catch (err) {
    if (err instanceof CqlSyntaxError) throw invalidParameter(err.message);
    throw err;
  }
  if (problems.length) throw invalidParameter(problems.join(' '));
}

/** What placing `count` standalone tasks (RunTask, StartTask: no service) of `td` asks of the engine. */
export function standalonePlacementRequest(args: {
  td: TaskDefinitionRecord;
  overrides?: Wire<TaskOverride>;
  count: number;
  group: string;
  constraints?: readonly PlacementConstraint[];
  strategy?: readonly PlacementStrategy[];
}): PlacementRequest {
  const { cpu, memory } = effectiveResources(args.td, args.overrides);
  return {
    count: args.count,
    cpu,
    memory,
    ports: portRequests(args.td),
    group: args.group,
    constraints: [...(args.constraints ?? []), ...((args.td.placementConstraints ?? []) as PlacementConstraint[])].map((c) => ({
      type: c.type as 'distinctInstance' | 'memberOf',
      expression: c.expression,
    })),
    strategy: (args.strategy ?? []).map((s) => ({ type: s.type as 'binpack' | 'spread' | 'random', field: s.field })),
  };
}
