/**
 * One minified ESM bundle per Lambda entry point: functions/<name>.ts →
 * dist/functions/<name>.mjs. serverless.yml points its handlers there, so the
 * local stack runs exactly what would be deployed.
 */
import { build, type BuildOptions } from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { basename, join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
export const FUNCTIONS_DIR = join(root, 'functions');
export const BUNDLE_DIR = join(root, 'dist', 'functions');

export function functionNames(): string[] {
  return readdirSync(FUNCTIONS_DIR)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => basename(f, '.ts'));
}

/** esbuild's options for one function's bundle (also used to list what a bundle contains: the IAM test). */
export function functionBuildOptions(name: string, outfile = join(BUNDLE_DIR, `${name}.mjs`)): BuildOptions {
  return {
    entryPoints: [join(FUNCTIONS_DIR, `${name}.ts`)],
    outfile,
    bundle: true,
    minify: true,
    sourcemap: false,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // Prefer the SDK's ES module builds: they tree-shake to ~2/3 of the CommonJS size.
    mainFields: ['module', 'main'],
    // Some dependencies are CommonJS and call require() for Node built-ins.
    banner: { js: "import { createRequire as __berthRequire } from 'node:module'; const require = __berthRequire(import.meta.url);" },
    logLevel: 'warning',
  };
}

export async function buildFunctions(log: (line: string) => void = console.log): Promise<Record<string, number>> {
  const names = functionNames();
  const sizes: Record<string, number> = {};
  await Promise.all(
    names.map(async (name) => {
      const outfile = join(BUNDLE_DIR, `${name}.mjs`);
      await build(functionBuildOptions(name, outfile));
      sizes[name] = statSync(outfile).size;
    }),
  );
  for (const name of names) log(`  bundled ${name}.mjs (${(sizes[name] / 1024).toFixed(0)} KB)`);
  return sizes;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildFunctions().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
