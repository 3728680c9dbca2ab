/** The service's deployment configuration and placement settings, defaults applied. */
import type { ServiceRecord } from '../../domain/service.js';
import type { PlacementConstraint, PlacementRequest, PlacementStrategy } from '../placement/index.js';
import type { TaskDefinitionInfo } from './types.js';

export const DEFAULT_MAXIMUM_PERCENT = 200;
export const DEFAULT_MINIMUM_HEALTHY_PERCENT = 100;

/**
 * ECS's default for service tasks is spread on the availability zone. Spread on
 * the instance id only breaks the ties it leaves, so two tasks of one zone do
 * not share an instance while another instance of that zone is empty.
 */
export const DEFAULT_SERVICE_STRATEGY: readonly PlacementStrategy[] = [
  { type: 'spread', field: 'attribute:ecs.availability-zone' },
  { type: 'spread', field: 'instanceId' },
];

export type ThresholdType = 'BOUNDED_PERCENT' | 'COUNT' | 'UNBOUNDED_PERCENT';

export interface CircuitBreaker {
  enable: boolean;
  rollback: boolean;
  /** ECS default true: a task that proves healthy resets the failure count. */
  resetOnHealthyTask: boolean;
  thresholdType: ThresholdType;
  /** ECS default 50 (percent of the desired count). */
  thresholdValue: number;
}

/** deploymentConfiguration.alarms: CloudWatch alarms that fail a deployment. */
export interface DeploymentAlarmSettings {
  enable: boolean;
  rollback: boolean;
  /** Distinct, in the order given. */
  names: string[];
}

export interface DeploymentSettings {
  maximumPercent: number;
  minimumHealthyPercent: number;
  breaker: CircuitBreaker;
  alarms: DeploymentAlarmSettings;
}

export function deploymentSettings(service: Pick<ServiceRecord, 'deploymentConfiguration'>): DeploymentSettings {
  const config = service.deploymentConfiguration ?? {};
  const breaker = config.deploymentCircuitBreaker;
  const threshold = breaker?.thresholdConfiguration;
  const type = threshold?.type;
  const alarms = config.alarms;
  return {
    maximumPercent: config.maximumPercent ?? DEFAULT_MAXIMUM_PERCENT,
    minimumHealthyPercent: config.minimumHealthyPercent ?? DEFAULT_MINIMUM_HEALTHY_PERCENT,
    breaker: {
      enable: breaker?.enable === true,
      rollback: breaker?.rollback === true,
      resetOnHealthyTask: breaker?.resetOnHealthyTask !== false,
      thresholdType: type === 'COUNT' || type === 'UNBOUNDED_PERCENT' ? type : 'BOUNDED_PERCENT',
      thresholdValue: threshold?.value ?? 50,
    },
    alarms: {
      enable: alarms?.enable === true,
      rollback: alarms?.rollback === true,
      names: [...new Set(alarms?.alarmNames ?? [])],
    },
  };
}

/**
 * How many tasks may be live (desired RUNNING) and must stay healthy for a
 * desired count. The cap rounds down, the floor up (ECS). The cap never drops
 * below the desired count (a service must be able to run all its tasks) and
 * the floor never exceeds it.
 */
export function taskBounds(desiredCount: number, settings: Pick<DeploymentSettings, 'maximumPercent' | 'minimumHealthyPercent'>) {
  const maxLive = Math.max(desiredCount, Math.floor((desiredCount * settings.maximumPercent) / 100));
  const minHealthy = Math.min(desiredCount, Math.max(0, Math.ceil((desiredCount * settings.minimumHealthyPercent) / 100)));
  return { maxLive, minHealthy };
}

const CONSTRAINT_TYPES = new Set(['distinctInstance', 'memberOf']);
const STRATEGY_TYPES = new Set(['binpack', 'spread', 'random']);

/** Stored (SDK-shaped) constraints as the engine takes them; unknown types were rejected by the API. */
export function serviceConstraints(service: Pick<ServiceRecord, 'placementConstraints'>): PlacementConstraint[] {
  return (service.placementConstraints ?? [])
    .filter((c) => c.type !== undefined && CONSTRAINT_TYPES.has(c.type))
    .map((c) => (c.expression === undefined ? { type: c.type! } : { type: c.type!, expression: c.expression }) as PlacementConstraint);
}

/** The service's strategy, or the service default when it names none. */
export function serviceStrategy(service: Pick<ServiceRecord, 'placementStrategy'>): PlacementStrategy[] {
  const strategy = (service.placementStrategy ?? [])
    .filter((s) => s.type !== undefined && STRATEGY_TYPES.has(s.type))
    .map((s) => (s.field === undefined ? { type: s.type! } : { type: s.type!, field: s.field }) as PlacementStrategy);
  return strategy.length > 0 ? strategy : [...DEFAULT_SERVICE_STRATEGY];
}

export const serviceGroup = (serviceName: string) => `service:${serviceName}`;

/** What placing `count` tasks of `td` for this service asks of the engine. */
export function servicePlacementRequest(
  service: Pick<ServiceRecord, 'serviceName' | 'placementConstraints' | 'placementStrategy'>,
  td: TaskDefinitionInfo,
  count: number,
): PlacementRequest {
  const request: PlacementRequest = {
    count,
    cpu: td.cpu,
    memory: td.memory,
    ports: td.ports,
    group: serviceGroup(service.serviceName),
    constraints: [...serviceConstraints(service), ...td.placementConstraints.filter((c) => c.type === 'memberOf')],
    strategy: serviceStrategy(service),
  };
  if (td.requiredAttributes && td.requiredAttributes.length > 0) request.requiredAttributes = td.requiredAttributes;
  return request;
}
