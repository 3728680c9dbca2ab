import type { Attribute } from '@aws-sdk/client-ecs';
import { invalidParameter } from '../../domain/errors.js';
import { DYNAMIC_PORT_MAX, DYNAMIC_PORT_MIN, DYNAMIC_PORTS_ATTRIBUTE, parsePortSlice } from '../../protocol/index.js';

/** ECS attribute rules: names up to 128 chars of letters, digits, hyphens, underscores, slashes, dots, at signs; values up to 128. */
const NAME_RE = /^[a-zA-Z0-9_\-./@:]{1,128}$/;
const VALUE_RE = /^[a-zA-Z0-9_\-./@:()+=, ]{1,128}$/;

export function checkAttributes(attributes: readonly Attribute[]): void {
  for (const a of attributes) {
    if (!a.name || !NAME_RE.test(a.name)) throw invalidParameter(`Invalid attribute name: ${a.name ?? ''}.`);
    if (a.value !== undefined && !VALUE_RE.test(a.value)) throw invalidParameter(`Invalid value for attribute ${a.name}: ${a.value}.`);
    // Placement acts on this one (see instance-view.ts): a value it could not read would be silently ignored.
    if (a.name === DYNAMIC_PORTS_ATTRIBUTE && !parsePortSlice(a.value ?? '')) {
      throw invalidParameter(
        `Invalid value for attribute ${a.name}: expected MIN-MAX within the dynamic port range ${DYNAMIC_PORT_MIN}-${DYNAMIC_PORT_MAX}.`,
      );
    }
  }
}

/** PutAttributes: same name replaces, others kept. */
export function upsertAttributes(current: readonly Attribute[], added: readonly Attribute[]): Attribute[] {
  const byName = new Map(current.map((a) => [a.name!, a]));
  for (const a of added) byName.set(a.name!, { name: a.name, ...(a.value !== undefined ? { value: a.value } : {}) });
  return [...byName.values()];
}
