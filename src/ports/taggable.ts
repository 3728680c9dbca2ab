import type { Tag } from '@aws-sdk/client-ecs';

/** A kind of resource that carries tags, addressed by the resource part of its ARN. */
export interface Taggable {
  tags(resource: string): Promise<Tag[] | undefined>;
  /** false when the resource does not exist (or no longer accepts tags). */
  setTags(resource: string, change: (current: Tag[]) => Tag[]): Promise<boolean>;
}
