import type { RawModel, RawOperation, RawShape } from './botocore.js';

/** Own-property lookups in a raw model: names come from the wire and must never reach Object.prototype. */
export function ownShape(model: RawModel, name: string): RawShape {
  if (!Object.hasOwn(model.shapes, name)) throw new Error(`model ${model.metadata.serviceId} has no shape ${name}`);
  return model.shapes[name];
}

export function ownOperation(model: RawModel, name: string): RawOperation | undefined {
  return Object.hasOwn(model.operations, name) ? model.operations[name] : undefined;
}
