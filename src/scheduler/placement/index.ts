/** Public surface of the placement engine. */
export { placeTasks } from './engine.js';
export {
  validatePlacement,
  MAX_PLACEMENT_CONSTRAINTS,
  MAX_PLACEMENT_STRATEGIES,
  type RawConstraint,
  type RawStrategy,
} from './validate.js';
export { NO_INSTANCES_MESSAGE } from './closest.js';
export { ALWAYS_RESERVED_PORTS } from './host-ports.js';
export { REASON_NOT_ACTIVE } from './filters/instance-status.js';
export { REASON_AGENT } from './filters/agent-connected.js';
export { REASON_CPU } from './filters/cpu.js';
export { REASON_MEMORY } from './filters/memory.js';
export { REASON_PORTS, REASON_PORTS_UDP } from './filters/ports.js';
export { REASON_ATTRIBUTE } from './filters/required-attributes.js';
export { REASON_DISTINCT_INSTANCE } from './filters/distinct-instance.js';
export { REASON_MEMBER_OF } from './filters/member-of.js';
export { CqlSyntaxError } from './cql/errors.js';
export { parseCql, MAX_EXPRESSION_LENGTH } from './cql/parser.js';
export { compileCql, type CqlPredicate, type CqlTarget } from './cql/evaluate.js';
export type { CqlExpression, CqlComparison, CqlOperator, CqlSubject, CqlValue } from './cql/ast.js';
export type {
  ClosestMatch,
  InstanceStatus,
  PlacedPort,
  Placement,
  PlacementConstraint,
  PlacementConstraintType,
  PlacementFailure,
  PlacementInstance,
  PlacementOptions,
  PlacementRequest,
  PlacementResult,
  PlacementStrategy,
  PlacementStrategyType,
  PortProtocol,
  PortRequest,
  RequiredAttribute,
} from './types.js';
