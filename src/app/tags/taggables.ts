import type { ClusterRepository } from '../../ports/cluster-repository.js';
import type { Taggable } from '../../ports/taggable.js';
import type { TaskDefinitionRepository } from '../../ports/task-definition-repository.js';
import { parseTaskDefinitionRef } from '../task-definitions/resolve-task-definition.js';

export const clusterTaggable = (clusters: ClusterRepository): Taggable => ({
  async tags(name) {
    const c = await clusters.get(name);
    return c && c.status !== 'INACTIVE' ? c.tags : undefined;
  },
  setTags: (name, change) => clusters.setTags(name, change),
});

/** Task definitions are tagged per revision: the ARN's resource is `family:revision`. */
export const taskDefinitionTaggable = (taskDefinitions: TaskDefinitionRepository): Taggable => {
  const ref = (resource: string) => {
    const r = parseTaskDefinitionRef(resource);
    return r.revision === undefined ? undefined : { family: r.family, revision: r.revision };
  };
  return {
    async tags(resource) {
      const r = ref(resource);
      const td = r && (await taskDefinitions.get(r.family, r.revision));
      return td && td.status !== 'DELETE_IN_PROGRESS' ? td.tags : undefined;
    },
    async setTags(resource, change) {
      const r = ref(resource);
      return r ? taskDefinitions.setTags(r.family, r.revision, change) : false;
    },
  };
};
