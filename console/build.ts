/**
 * The web console's build: console/src → dist/console (index.html, one
 * minified ES module and one stylesheet named by their content hash, so they
 * can be cached for good), static files that the local edge serves at
 * /console/ and that any static host can serve. `npm run build` builds it;
 * `npm start` rebuilds it when it is missing or older than its sources.
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const CONSOLE_SRC = join(root, 'console');
export const CONSOLE_DIR = join(root, 'dist', 'console');
/** Written last: its age is the build's age, and its absence marks an unfinished build. */
const STAMP = join(CONSOLE_DIR, '.built');

export interface ConsoleBuild {
  /** Bytes per output file. */
  sizes: Record<string, number>;
}

export async function buildConsole(log: (line: string) => void = console.log): Promise<ConsoleBuild> {
  rmSync(CONSOLE_DIR, { recursive: true, force: true });
  mkdirSync(CONSOLE_DIR, { recursive: true });
  const result = await build({
    entryPoints: { app: join(CONSOLE_SRC, 'src', 'main.tsx') },
    outdir: CONSOLE_DIR,
    entryNames: '[name]-[hash]',
    metafile: true,
    bundle: true,
    minify: true,
    sourcemap: false,
    platform: 'browser',
    format: 'esm',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.css': 'css' },
    legalComments: 'none',
    tsconfig: join(CONSOLE_SRC, 'tsconfig.json'),
    logLevel: 'warning',
  });
  // index.html names this build's files.
  const outputs = Object.keys(result.metafile.outputs).map((f) => basename(f));
  const named = (ext: string) => outputs.find((f) => f.startsWith('app-') && f.endsWith(ext))!;
  const html = readFileSync(join(CONSOLE_SRC, 'index.html'), 'utf8')
    .replace('/console/app.js', `/console/${named('.js')}`)
    .replace('/console/app.css', `/console/${named('.css')}`);
  writeFileSync(join(CONSOLE_DIR, 'index.html'), html);
  const sizes: Record<string, number> = {};
  for (const f of readdirSync(CONSOLE_DIR)) sizes[f] = statSync(join(CONSOLE_DIR, f)).size;
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  log(
    `  built the console: ${Object.entries(sizes)
      .map(([f, n]) => `${f} (${(n / 1024).toFixed(0)} KB)`)
      .join(', ')}`,
  );
  return { sizes };
}

/** Newest modification time under `dir` (files only). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return latest;
}

/** Missing, unfinished, or older than a source file or the installed dependencies. */
export function consoleIsStale(): boolean {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  const lock = join(root, 'package-lock.json');
  return newest(CONSOLE_SRC) > built || (existsSync(lock) && statSync(lock).mtimeMs > built);
}

/** Builds the console unless an up-to-date build is there; returns its directory. */
export async function ensureConsole(log: (line: string) => void = console.log): Promise<string> {
  if (consoleIsStale()) {
    log('▸ building the web console');
    await buildConsole(log);
  }
  return CONSOLE_DIR;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildConsole().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
