/** Linux /proc readers for process liveness and resource usage. */
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: the unit of /proc times; 100 on every mainstream Linux architecture. */
export const CLOCK_TICKS_PER_SECOND = 100;

export interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
  /** User + system CPU time in clock ticks. */
  cpuTicks: number;
  /** Start time after boot, in clock ticks: with the pid, identifies one process instance. */
  startTime: number;
}

/**
 * Parse /proc/<pid>/stat. The command name (field 2) is in parentheses and
 * may contain spaces or parentheses, so fields are counted after the last ')'.
 */
export function parseProcStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const pid = Number(text.slice(0, text.indexOf('(')).trim());
  const f = text
    .slice(close + 2)
    .trim()
    .split(/\s+/); // f[0] is field 3 (state)
  const field = (n: number): number => Number(f[n - 3]);
  if (f.length < 20) return undefined;
  return {
    pid,
    state: f[0] as string,
    ppid: field(4),
    pgrp: field(5),
    cpuTicks: field(14) + field(15),
    startTime: field(22),
  };
}

export function readProcStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Resident set size from /proc/<pid>/status (VmRSS, kB). */
export function parseRssBytes(status: string): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

export function readRssBytes(pid: number): number {
  try {
    return parseRssBytes(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return 0;
  }
}

/** Every process on the host, read once so several trees can be cut from one consistent view. */
export function procSnapshot(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const st = readProcStat(Number(entry));
    if (st) out.push(st);
  }
  return out;
}

/** Live, non-zombie processes of one or more trees: each root pid and all its descendants. */
export function processTrees(all: ProcStat[], roots: number[]): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const st of all) children.set(st.ppid, [...(children.get(st.ppid) ?? []), st]);
  const byPid = new Map(all.map((st) => [st.pid, st]));
  const out: ProcStat[] = [];
  const queue = roots.map((pid) => byPid.get(pid)).filter((s): s is ProcStat => s !== undefined);
  const seen = new Set<number>();
  while (queue.length) {
    const st = queue.shift() as ProcStat;
    if (seen.has(st.pid)) continue;
    seen.add(st.pid);
    if (st.state !== 'Z') out.push(st);
    queue.push(...(children.get(st.pid) ?? []));
  }
  return out;
}

/** Alive = exists, not a zombie, and (when known) the same process instance that was started. */
export function isAlive(pid: number, startTime?: number): boolean {
  const st = readProcStat(pid);
  if (!st || st.state === 'Z' || st.state === 'X') return false;
  return startTime === undefined || st.startTime === startTime;
}
