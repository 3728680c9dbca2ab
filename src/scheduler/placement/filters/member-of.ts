import type { PlacementFilter } from './filter.js';

export const name = 'memberOf';

/** The reason ECS reports, word for word (RunTask failure and service event). */
export const REASON_MEMBER_OF = 'MemberOf placement constraint unsatisfied.';

/** Every memberOf expression must hold; they were compiled once in compileDemand. */
export const memberOfFilter: PlacementFilter = {
  name,
  build(task) {
    const predicates = task.memberOf;
    if (predicates.length === 0) return undefined;
    return (instance) => {
      for (const predicate of predicates) if (!predicate(instance)) return REASON_MEMBER_OF;
      return undefined;
    };
  },
};
