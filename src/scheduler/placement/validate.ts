import { CqlSyntaxError } from './cql/errors.js';
import { parseCql } from './cql/parser.js';
import { isBinpackField } from './strategies/binpack.js';
import { isSpreadField } from './strategies/spread.js';

/** ECS limits: constraints count the task definition's and the call's together. */
export const MAX_PLACEMENT_CONSTRAINTS = 10;
export const MAX_PLACEMENT_STRATEGIES = 5;

/** Loosely typed on purpose: this checks raw API input before it is trusted. */
export interface RawConstraint {
  type?: string;
  expression?: string;
}
export interface RawStrategy {
  type?: string;
  field?: string;
}

/**
 * Every problem with the placement input, as InvalidParameterException
 * messages; empty when valid. Run it before any state changes: placeTasks
 * assumes input that passed.
 */
export function validatePlacement(constraints: readonly RawConstraint[] = [], strategy: readonly RawStrategy[] = []): string[] {
  const errors: string[] = [];
  if (constraints.length > MAX_PLACEMENT_CONSTRAINTS) {
    errors.push(`At most ${MAX_PLACEMENT_CONSTRAINTS} placement constraints are allowed per task, found ${constraints.length}.`);
  }
  if (strategy.length > MAX_PLACEMENT_STRATEGIES) {
    errors.push(`At most ${MAX_PLACEMENT_STRATEGIES} placement strategy rules are allowed, found ${strategy.length}.`);
  }
  for (const constraint of constraints) errors.push(...constraintErrors(constraint));
  for (const rule of strategy) errors.push(...strategyErrors(rule));
  return errors;
}

function constraintErrors({ type, expression }: RawConstraint): string[] {
  switch (type) {
    case 'distinctInstance':
      return expression ? ['A distinctInstance placement constraint cannot have an expression.'] : [];
    case 'memberOf':
      if (!expression) return ['A memberOf placement constraint requires an expression.'];
      try {
        parseCql(expression);
        return [];
      } catch (error) {
        if (error instanceof CqlSyntaxError) return [`Invalid memberOf expression: ${error.message}.`];
        throw error;
      }
    default:
      return [`Invalid placement constraint type '${type ?? ''}': expected distinctInstance or memberOf.`];
  }
}

function strategyErrors({ type, field }: RawStrategy): string[] {
  switch (type) {
    case 'random':
      // ECS ignores the field of a random rule.
      return [];
    case 'binpack':
      return isBinpackField(field) ? [] : [`Invalid binpack field '${field ?? ''}': expected cpu or memory.`];
    case 'spread':
      if (!field) return ['A spread placement strategy requires a field: instanceId, host or attribute:<name>.'];
      return isSpreadField(field) ? [] : [`Invalid spread field '${field}': expected instanceId, host or attribute:<name>.`];
    default:
      return [`Invalid placement strategy type '${type ?? ''}': expected random, spread or binpack.`];
  }
}
