/** Syntax tree of a Cluster Query Language expression. */

export type CqlSubject =
  | { kind: 'agentConnected' }
  | { kind: 'agentVersion' }
  | { kind: 'attribute'; name: string }
  | { kind: 'ec2InstanceId' }
  | { kind: 'registeredAt' }
  | { kind: 'runningTasksCount' }
  | { kind: 'taskGroup' };

export type CqlOperator =
  | 'equals'
  | 'not_equals'
  | 'greater_than'
  | 'greater_than_equal'
  | 'less_than'
  | 'less_than_equal'
  | 'exists'
  | 'not_exists'
  | 'in'
  | 'not_in'
  | 'matches'
  | 'not_matches';

export interface CqlValue {
  text: string;
  position: number;
}

export interface CqlComparison {
  kind: 'compare';
  subject: CqlSubject;
  operator: CqlOperator;
  /** None for exists / not_exists, one for scalar operators, one or more for in / not_in. */
  values: CqlValue[];
  /** Offset of the subject, for error messages. */
  position: number;
}

export type CqlExpression =
  | { kind: 'and'; left: CqlExpression; right: CqlExpression }
  | { kind: 'or'; left: CqlExpression; right: CqlExpression }
  | { kind: 'not'; operand: CqlExpression }
  | CqlComparison;
