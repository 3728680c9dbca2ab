import type { Tag } from '@aws-sdk/client-ecs';
import type { ContainerInstanceRepository } from '../../ports/container-instance-repository.js';
import type { ServiceRepository } from '../../ports/service-repository.js';
import type { Taggable } from '../../ports/taggable.js';
import type { TaskRepository } from '../../ports/task-repository.js';

/** Resources whose ARN resource part is `<cluster>/<id>`. */
const split = (resource: string) => {
  const slash = resource.indexOf('/');
  return slash < 0 ? undefined : { cluster: resource.slice(0, slash), id: resource.slice(slash + 1) };
};

type TagChange = (current: Tag[]) => Tag[];

function childTaggable(
  get: (cluster: string, id: string) => Promise<{ tags: Tag[] } | undefined>,
  set: (cluster: string, id: string, change: TagChange) => Promise<boolean>,
): Taggable {
  return {
    async tags(resource) {
      const ref = split(resource);
      return ref ? (await get(ref.cluster, ref.id))?.tags : undefined;
    },
    async setTags(resource, change) {
      const ref = split(resource);
      return ref ? set(ref.cluster, ref.id, change) : false;
    },
  };
}

export const childTaggables = (repos: { instances: ContainerInstanceRepository; tasks: TaskRepository; services: ServiceRepository }) => ({
  'container-instance': childTaggable(
    async (c, id) => {
      const r = await repos.instances.get(c, id);
      return r && r.status !== 'INACTIVE' ? r : undefined;
    },
    (c, id, change) => repos.instances.setTags(c, id, change),
  ),
  task: childTaggable(
    (c, id) => repos.tasks.get(c, id),
    (c, id, change) => repos.tasks.setTags(c, id, change),
  ),
  service: childTaggable(
    async (c, id) => {
      const s = await repos.services.get(c, id);
      return s && s.record.status !== 'INACTIVE' ? s.record : undefined;
    },
    (c, id, change) => repos.services.setTags(c, id, change),
  ),
});
