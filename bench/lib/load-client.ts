/**
 * The request loop as a process of its own, so a benchmark's client never
 * shares an event loop with the server it measures (the local stack, the load
 * balancer twin). `tsx bench/lib/load-client.ts <url> <concurrency> [seconds]`
 * runs for `seconds`, or until its stdin closes or says "stop", then prints
 * the tally as one JSON line.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startRequestLoop, type LoopResult } from '../../infra/local/walkthrough/request-loop.js';

export interface LoadClient {
  /** Ends the run (if still going) and returns what it measured. */
  stop(): Promise<LoopResult>;
  /** What it measured, once a timed run is over. */
  done(): Promise<LoopResult>;
}

/** Starts the client process: for `seconds` of its own (timed from its first request), or until `stop()`. */
export function startLoadClient(url: string, concurrency: number, seconds?: number): LoadClient {
  const args = [fileURLToPath(import.meta.url), url, String(concurrency), ...(seconds ? [String(seconds)] : [])];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const output = new Promise<LoopResult>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString('utf8')));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load client exited with ${code}`));
      const raw = JSON.parse(text.trim().split('\n').pop()!);
      resolve({ ...raw, failures: new Map(raw.failures), servedBy: new Map(raw.servedBy) });
    });
  });
  return {
    stop() {
      if (child.exitCode === null) child.stdin.end('stop\n');
      return output;
    },
    done: () => output,
  };
}

async function main() {
  const [url, concurrency, seconds] = process.argv.slice(2);
  const loop = startRequestLoop(url, Number(concurrency));
  await new Promise<void>((resolve) => {
    createInterface({ input: process.stdin })
      .on('line', (l) => l.trim() === 'stop' && resolve())
      .on('close', () => resolve());
    if (seconds) setTimeout(resolve, Number(seconds) * 1000);
  });
  const r = await loop.stop();
  process.stdout.write(`${JSON.stringify({ ...r, failures: [...r.failures], servedBy: [...r.servedBy] })}\n`);
  process.exit(0);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
