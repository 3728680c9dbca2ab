/**
 * The protocol parsers' cost per byte, from small to the largest messages the
 * bounds allow, and on hostile ones: a parse must stay linear in the size of
 * its input (flat ns/byte) and refuse garbage without reading all of it.
 *
 *   npm run bench:protocol
 */
import { performance } from 'node:perf_hooks';
import {
  InvalidMessageError,
  MAX_REPORTS_PER_POLL,
  parsePollRequest,
  parsePollResponse,
  type PollRequest,
  type PollResponse,
  type TaskReport,
} from '../src/protocol/index.js';
import { summarize } from './lib/stats.js';

/** Run with --expose-gc (npm run bench:protocol does) to collect garbage between samples. */
const gc = (globalThis as { gc?: () => void }).gc;

const arn = (kind: string, i: number) => `arn:aws:ecs:us-east-1:000000000000:${kind}/bench/${i.toString(16).padStart(32, '0')}`;

function report(i: number, containers: number): TaskReport {
  return {
    taskArn: arn('task', i),
    status: 'RUNNING',
    health: 'HEALTHY',
    containers: Array.from({ length: containers }, (_, c) => ({
      name: `c${c}`,
      runtimeId: 'f'.repeat(64),
      status: 'RUNNING',
      health: 'HEALTHY',
      networkBindings: [{ bindIP: '0.0.0.0', containerPort: 80, hostPort: 49153 + c, protocol: 'tcp' }],
      startedAt: 1_764_172_800_000,
    })),
    startedAt: 1_764_172_800_000,
  };
}

const request = (reports: number, containers: number): PollRequest => ({
  cluster: 'bench',
  containerInstanceArn: arn('container-instance', 0),
  reports: Array.from({ length: reports }, (_, i) => report(i, containers)),
  full: false,
  usage: Array.from({ length: reports }, (_, i) => ({ taskArn: arn('task', i), cpuPercent: 3.5, memoryBytes: 1 << 24 })),
});

const response = (tasks: number): PollResponse => ({
  pollIntervalMs: 1000,
  tasks: Array.from({ length: tasks }, (_, i) => ({
    taskArn: arn('task', i),
    desiredStatus: 'RUNNING' as const,
    spec: {
      taskArn: arn('task', i),
      taskId: i.toString(16).padStart(32, '0'),
      clusterName: 'bench',
      family: 'web',
      revision: 1,
      containers: [
        {
          name: 'web',
          image: 'nginx:alpine',
          memory: 128,
          environment: Array.from({ length: 10 }, (_, e) => ({ name: `VAR_${e}`, value: 'x'.repeat(40) })),
          healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], interval: 5, retries: 3 },
          portMappings: [{ containerPort: 80, hostPort: 49153, protocol: 'tcp' as const }],
        },
      ],
      networkMode: 'bridge' as const,
    },
  })),
  acknowledged: [],
  unknown: [],
});

/** Median ns per byte of JSON over `runs` parses of the already decoded value (JSON.parse itself is not the protocol's cost). */
function nsPerByte(parse: (v: unknown) => unknown, message: unknown, runs = 15): { bytes: number; ns: number } {
  const bytes = Buffer.byteLength(JSON.stringify(message));
  const value = JSON.parse(JSON.stringify(message));
  const samples: number[] = [];
  for (let r = -2; r < runs; r++) {
    gc?.(); // a major collection inside one sample would say nothing about the parser
    const t = performance.now();
    try {
      parse(value);
    } catch (err) {
      if (!(err instanceof InvalidMessageError)) throw err;
    }
    if (r >= 0) samples.push(((performance.now() - t) * 1e6) / bytes); // two warm-up runs
  }
  return { bytes, ns: summarize(samples).p50 };
}

function row(what: string, parse: (v: unknown) => unknown, message: unknown) {
  const { bytes, ns } = nsPerByte(parse, message);
  console.log(`  ${what.padEnd(58)} ${String(Math.round(bytes / 1024)).padStart(7)} KiB  ${ns.toFixed(2).padStart(6)} ns/byte`);
  return ns;
}

console.log('▸ bench:protocol — parse cost per byte of JSON (median of 15; flat = linear)');
console.log('poll requests (control plane):');
row('1 report, 1 container', parsePollRequest, request(1, 1));
const mid = row(`${MAX_REPORTS_PER_POLL} reports, 1 container each`, parsePollRequest, request(MAX_REPORTS_PER_POLL, 1));
const big = row(`${MAX_REPORTS_PER_POLL} reports, 100 containers each`, parsePollRequest, request(MAX_REPORTS_PER_POLL, 100));
console.log('poll answers (agent):');
row('10 assignments', parsePollResponse, response(10));
const midAnswer = row('1,000 assignments', parsePollResponse, response(1000));
const huge = row('10,000 assignments', parsePollResponse, response(10_000));
console.log('hostile requests (refused):');
row('a 10 MB cluster name', parsePollRequest, { cluster: 'x'.repeat(10_000_000), containerInstanceArn: 'arn' });
row('1,000,000 reports', parsePollRequest, {
  cluster: 'c',
  containerInstanceArn: 'a',
  reports: Array.from({ length: 1_000_000 }, () => 0),
});
const deep: unknown = Array.from({ length: 2000 }).reduce((inner) => ({ x: inner }), 'leaf');
row('a report nested 2,000 deep', parsePollRequest, { cluster: 'c', containerInstanceArn: 'a', reports: [deep] });
const dupes = Array.from({ length: MAX_REPORTS_PER_POLL }, () => report(1, 1));
row(`${MAX_REPORTS_PER_POLL} reports of one task`, parsePollRequest, { cluster: 'c', containerInstanceArn: 'a', reports: dupes });
console.log(
  `ns per byte, largest message / one 10–50× smaller: requests ${(big / mid).toFixed(2)}×, answers ${(huge / midAnswer).toFixed(2)}× (≈1: linear; a quadratic parser would show ~10–50×)`,
);
