import model from './ecs-model.json' with { type: 'json' };

/** The trimmed botocore model (see NOTICE): shapes drive validation and dispatch. */
export interface ShapeRef {
  shape: string;
}
export interface Shape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'double' | 'float' | 'blob';
  members?: Record<string, ShapeRef>;
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  required?: string[];
  enum?: string[];
  min?: number;
  max?: number;
  exception?: boolean;
  pattern?: string;
}
export interface Operation {
  input?: string;
  output?: string;
  errors: string[];
}

export const TARGET_PREFIX: string = model.metadata.targetPrefix;
export const shapes = model.shapes as unknown as Record<string, Shape>;
export const operations = model.operations as unknown as Record<string, Operation>;
