import type { PlacementFilter } from './filter.js';

export const name = 'requiredAttributes';

/** Task definition `requiresAttributes` (awsvpc, log drivers, …) the instance lacks. */
export const REASON_ATTRIBUTE = 'ATTRIBUTE';

export const requiredAttributesFilter: PlacementFilter = {
  name,
  build(task) {
    const required = task.requiredAttributes;
    if (required.length === 0) return undefined;
    return (instance) => {
      for (const { name: attribute, value } of required) {
        if (!Object.hasOwn(instance.attributes, attribute)) return REASON_ATTRIBUTE;
        if (value !== undefined && instance.attributes[attribute] !== value) return REASON_ATTRIBUTE;
      }
      return undefined;
    };
  },
};
