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

/** Dynamically imported by @aws-sdk/credential-provider-node's default chain after the environment provider. */
export const LAZY_CREDENTIAL_PROVIDERS = [
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
];

/** One minified ES module file for Node 20+ with its dependencies inlined: the functions' bundles and the agent's. */
export const NODE_ESM_BUNDLE = {
  bundle: true,
  minify: true,
  sourcemap: false,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Prefer the SDK's ES module builds: they tree-shake to ~2/3 of the CommonJS size.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
} satisfies BuildOptions;

/** esbuild's options for one function's bundle (also used to list what a bundle contains: the IAM test). */
export function functionBuildOptions(name: string, outfile = join(BUNDLE_DIR, `${name}.mjs`)): BuildOptions {
  return {
    entryPoints: [join(FUNCTIONS_DIR, `${name}.ts`)],
    outfile,
    ...NODE_ESM_BUNDLE,
    // The SDK's credential chain reads the environment first and imports the other providers (profiles, SSO, STS
    // web identity, IMDS, container endpoint) only when it holds no credentials. Lambda always sets them, so those
    // providers and the STS/SSO clients they carry (~115 KB of each bundle) stay out; off Lambda (serverless-offline
    // in a checkout) they resolve from node_modules.
    external: LAZY_CREDENTIAL_PROVIDERS,
    // Some dependencies are CommonJS and call require() for Node built-ins.
    banner: { js: "import { createRequire as __berthRequire } from 'node:module'; const require = __berthRequire(import.meta.url);" },
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
