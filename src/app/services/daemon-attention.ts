import type { AppContext } from '../context.js';

/**
 * The instances changed in a way a DAEMON service must see (one came back to
 * ACTIVE, its attributes changed): mark every daemon service of the cluster,
 * so the next pass re-plans it although it looked steady.
 */
export async function markDaemonsDirty(ctx: AppContext, cluster: string, now: number): Promise<void> {
  const daemons = (await ctx.services.listAll(cluster)).filter(
    (s) => s.record.schedulingStrategy === 'DAEMON' && s.record.status === 'ACTIVE',
  );
  for (const s of daemons) await ctx.services.markDirty(cluster, s.record.serviceName, now);
}
