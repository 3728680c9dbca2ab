import { compileCql, type CqlPredicate } from './cql/evaluate.js';
import { portDemand, type PortDemand } from './host-ports.js';
import type { PlacementRequest, PortRequest, RequiredAttribute } from './types.js';

/** What one task of a PlacementRequest demands of an instance, precomputed once per request: CQL compiled, port demand counted. */
export interface PlacementDemand {
  cpu: number;
  memory: number;
  group: string;
  ports: readonly PortRequest[];
  tcp: PortDemand;
  udp: PortDemand;
  requiredAttributes: readonly RequiredAttribute[];
  distinctInstance: boolean;
  memberOf: CqlPredicate[];
}

/** Throws CqlSyntaxError for a bad memberOf expression: validatePlacement should have caught it. */
export function compileDemand(req: PlacementRequest): PlacementDemand {
  return {
    cpu: req.cpu,
    memory: req.memory,
    group: req.group,
    ports: req.ports,
    tcp: portDemand(req.ports, 'tcp'),
    udp: portDemand(req.ports, 'udp'),
    requiredAttributes: req.requiredAttributes ?? [],
    distinctInstance: req.constraints.some((c) => c.type === 'distinctInstance'),
    memberOf: req.constraints.filter((c) => c.type === 'memberOf').map((c) => compileCql(c.expression ?? '')),
  };
}

export const usesProtocol = (demand: PortDemand) => demand.statics.length > 0 || demand.dynamicCount > 0;
