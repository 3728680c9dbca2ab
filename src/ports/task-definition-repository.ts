import type { Tag } from '@aws-sdk/client-ecs';
import type { TaskDefinitionRecord, TaskDefinitionStatus } from '../domain/task-definition.js';
import type { Page, PageRequest } from './page.js';

export interface TaskDefinitionRepository {
  /** Next revision of the family: consecutive and unique whatever runs concurrently. */
  register(family: string, build: (revision: number) => TaskDefinitionRecord): Promise<TaskDefinitionRecord>;
  get(family: string, revision: number): Promise<TaskDefinitionRecord | undefined>;
  latestActive(family: string): Promise<TaskDefinitionRecord | undefined>;
  list(
    query: { status: TaskDefinitionStatus; family?: string; descending: boolean } & PageRequest,
  ): Promise<Page<{ family: string; revision: number }>>;
  listFamilies(query: { prefix?: string; status: 'ACTIVE' | 'INACTIVE' | 'ALL' } & PageRequest): Promise<Page<string>>;
  deregister(family: string, revision: number, at: number): Promise<TaskDefinitionRecord | undefined>;
  /** INACTIVE → DELETE_IN_PROGRESS (removed later by TTL); returns the record as it is after the call. */
  markDeleted(family: string, revision: number, expiresAt: number): Promise<TaskDefinitionRecord | undefined>;
  setTags(family: string, revision: number, change: (current: Tag[]) => Tag[]): Promise<boolean>;
}
