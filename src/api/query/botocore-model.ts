/**
 * The parts of a botocore service model that the query protocol (and AWS JSON
 * outputs) need: serialization names, flattened lists and maps, result
 * wrappers, error codes. Models live in src/api/model (see NOTICE).
 */
export interface MemberRef {
  shape: string;
  locationName?: string;
  flattened?: boolean;
}
export interface ModelShape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'double' | 'float' | 'blob';
  members?: Record<string, MemberRef>;
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  required?: string[];
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  flattened?: boolean;
  exception?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  timestampFormat?: string;
}
export interface ModelOperation {
  name: string;
  input?: { shape: string };
  output?: { shape: string; resultWrapper?: string };
  errors?: { shape: string }[];
}
export interface BotocoreModel {
  metadata: {
    apiVersion: string;
    protocol: string;
    protocols?: string[];
    xmlNamespace?: string;
    targetPrefix?: string;
    jsonVersion?: string;
    signingName?: string;
    endpointPrefix: string;
    serviceId?: string;
  };
  operations: Record<string, ModelOperation>;
  shapes: Record<string, ModelShape>;
}

/** An own-property lookup: operation names come from the wire and must never reach Object.prototype. */
export function ownShape(model: BotocoreModel, name: string): ModelShape {
  if (!Object.hasOwn(model.shapes, name)) throw new Error(`model ${model.metadata.endpointPrefix} has no shape ${name}`);
  return model.shapes[name];
}

export function ownOperation(model: BotocoreModel, name: string): ModelOperation | undefined {
  return Object.hasOwn(model.operations, name) ? model.operations[name] : undefined;
}
