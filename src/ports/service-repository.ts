import type { Tag } from '@aws-sdk/client-ecs';
import type { ServiceRecord } from '../domain/service.js';
import type { Page, PageRequest } from './page.js';

export interface VersionedService {
  record: ServiceRecord;
  version: number;
}

export interface ServiceRepository {
  /** Creates the service; undefined when a live one of that name exists. */
  create(record: ServiceRecord): Promise<VersionedService | undefined>;
  get(cluster: string, name: string): Promise<VersionedService | undefined>;
  getMany(cluster: string, names: readonly string[]): Promise<Map<string, VersionedService>>;
  /** Every service of the cluster, INACTIVE ones included (one Query of its partition). */
  listAll(cluster: string): Promise<VersionedService[]>;
  listNames(cluster: string, page: PageRequest): Promise<Page<string>>;
  /** Writes the record if its version is still `expectedVersion`; false on conflict. */
  put(record: ServiceRecord, expectedVersion: number): Promise<boolean>;
  /** "Look at me soon": no version bump, never conflicts with record writes. */
  markDirty(cluster: string, name: string, at: number): Promise<void>;
  setTags(cluster: string, name: string, change: (current: Tag[]) => Tag[]): Promise<boolean>;
}
