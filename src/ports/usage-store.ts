import type { InstanceUsage } from '../domain/metrics/usage.js';

/**
 * Task usage between the agent poll and the metrics publisher: one item per
 * instance, metric period and writing process (never one per task or per poll).
 */
export interface UsageStore {
  /** Stores what one process folded for one instance, labelled with the period it writes in. */
  put(cluster: string, periodStartS: number, writer: string, usage: InstanceUsage): Promise<void>;
  forPeriod(cluster: string, periodStartS: number): Promise<InstanceUsage[]>;
  /**
   * Claims the cluster's periods up to `periodStartS` for publishing: returns
   * the last period published before (undefined: none yet), or false when
   * that period is already claimed — so each period is published at most once
   * however often or concurrently the publisher runs.
   */
  claimPeriods(cluster: string, periodStartS: number): Promise<number | undefined | false>;
}
