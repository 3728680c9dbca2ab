/**
 * npm run test:chaos -- [--seed N[,M…]] [--steps K] [--converge-every C] [--shrink-seconds S] [--replay FILE]
 *
 * Runs the randomized fault-injection suite against a DynamoDB Local it
 * starts (in memory, on a free port): K steps per seed, invariants checked
 * after each, convergence every C steps and at the end. A failure prints the
 * seed, the violated invariant and a shrunk step list, written to
 * .berth/chaos/seed-N.json; `--replay` runs such a file again, exactly.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { freePort } from '../../infra/local/ports.js';
import { formatFailure, formatSteps, replay, runSeed, type RunReport } from './run.js';
import { shrink } from './shrink.js';
import type { Step } from './steps.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function parse(argv: string[]) {
  const opts = { seeds: [1], steps: 2000, convergeEvery: 1000, shrinkSeconds: 300, replay: undefined as string | undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2);
    const value = () => inline ?? argv[++i] ?? '';
    switch (flag) {
      case '--seed':
      case '--seeds':
        opts.seeds = value().split(',').map(Number);
        break;
      case '--steps':
        opts.steps = Number(value());
        break;
      case '--converge-every':
        opts.convergeEvery = Number(value());
        break;
      case '--shrink-seconds':
        opts.shrinkSeconds = Number(value());
        break;
      case '--replay':
        opts.replay = value();
        break;
      default:
        throw new Error(`unknown option ${argv[i]}; usage: --seed N[,M…] --steps K --converge-every C --shrink-seconds S --replay FILE`);
    }
  }
  if (opts.seeds.some((s) => !Number.isInteger(s)) || !(opts.steps > 0) || !(opts.convergeEvery > 0))
    throw new Error('seeds, steps and converge-every are integers');
  return opts;
}

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

const counts = (c: Record<string, number>) =>
  `{${Object.entries(c)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}}`;

function summary(r: RunReport) {
  const s = r.stats;
  return [
    `${s.steps} steps in ${(r.ms / 1000).toFixed(0)} s (${(s.steps / (r.ms / 1000)).toFixed(1)} steps/s), ${s.calls} DynamoDB calls by the actors`,
    `actions ${counts(s.actions)}`,
    `faults: ${s.crashes} crashes ${counts(s.crashesByKind)}, misbehaving polls ${counts(s.reportFaults)}, ` +
      `${s.actions.vanish ?? 0} vanishing agents, ${s.parallelPassSteps} steps with parallel passes`,
    `checks: ${s.invariantChecks} invariant checks, ${s.convergenceChecks} convergence checks, ${s.convergencePhases} convergences (at most ${s.maxRoundsToConverge} rounds)`,
    `client errors ${counts(s.errors)}`,
  ].join('\n  ');
}

async function main(): Promise<boolean> {
  const opts = parse(process.argv.slice(2));
  log('starting DynamoDB Local');
  const ddb = await startDynamoDbLocal({ port: await freePort() });
  // The first signal ends the run after its current step with the figures so far; a second one ends it at once.
  const stop = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      if (!stop.signal.aborted) return stop.abort();
      void ddb.stop().finally(() => process.exit(130));
    });
  let failed = false;
  try {
    if (opts.replay) {
      const file = JSON.parse(readFileSync(opts.replay, 'utf8')) as { seed?: number; steps: Step[] };
      log(`replaying ${file.steps.length} steps from ${opts.replay}`);
      const r = await replay(ddb.endpoint, file.steps);
      log(r.failure ? formatFailure({ ...r, seed: file.seed }) : `no invariant violated: ${summary(r)}`);
      return r.failure !== undefined;
    }
    for (const seed of opts.seeds) {
      log(`seed ${seed}: ${opts.steps} steps, convergence every ${opts.convergeEvery}`);
      const r = await runSeed(ddb.endpoint, {
        seed,
        steps: opts.steps,
        convergeEvery: opts.convergeEvery,
        progress: log,
        stop: stop.signal,
      });
      if (r.stopped) {
        log(`seed ${seed}: stopped on request, no invariant violated so far — ${summary(r)}`);
        return true;
      }
      if (!r.failure) {
        log(`seed ${seed}: OK — ${summary(r)}`);
        continue;
      }
      failed = true;
      log(formatFailure(r));
      // The whole run first: shrinking a long one may outlast the session, and the run replays from this file too.
      mkdirSync('.berth/chaos', { recursive: true });
      const full = `.berth/chaos/seed-${seed}-full.json`;
      writeFileSync(full, JSON.stringify({ seed, failure: r.failure, steps: r.steps.slice(0, r.failure!.at + 1) }));
      log(`the failing run's ${r.failure!.at + 1} steps: ${full} (--replay runs them again)`);
      log(`shrinking (up to ${opts.shrinkSeconds} s)…`);
      const small = await shrink(ddb.endpoint, r, opts.shrinkSeconds * 1000, log);
      const path = `.berth/chaos/seed-${seed}.json`;
      writeFileSync(path, JSON.stringify({ seed, failure: small.failure, steps: small.steps }, null, 1));
      log(
        `${formatFailure(small)}\nminimal steps (${small.steps.length}):\n${formatSteps(small.steps)}\nreplay: npm run test:chaos -- --replay ${path}`,
      );
    }
  } finally {
    await ddb.stop();
  }
  return failed;
}

main().then(
  (failed) => process.exit(failed ? 1 : 0),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
