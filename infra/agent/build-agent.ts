/**
 * The host agent as one file: src/agent/main.ts → dist/agent/berth-agent.mjs,
 * every dependency inlined (dockerode included), runnable with a plain Node 20+
 * and nothing else (`node berth-agent.mjs --endpoint URL --cluster NAME`, or
 * `node berth-agent.mjs install …` to make it a systemd service).
 */
import { build } from 'esbuild';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_ESM_BUNDLE } from '../build.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const AGENT_BUNDLE = join(root, 'dist', 'agent', 'berth-agent.mjs');

export async function buildAgentBundle(log: (line: string) => void = console.log, outfile = AGENT_BUNDLE): Promise<number> {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  await build({
    entryPoints: [join(root, 'src', 'agent', 'main.ts')],
    outfile,
    ...NODE_ESM_BUNDLE,
    // The version the agent reports (berth.agent-version), fixed at build time: the bundle has no package.json beside it.
    define: { __BERTH_AGENT_VERSION__: JSON.stringify(version) },
    // ssh2 (dockerode's ssh:// transport) tries optional native add-ons inside try/catch; without them it uses pure JS.
    external: ['*.node', 'cpu-features'],
    // CommonJS dependencies call require() for Node built-ins and read __dirname.
    banner: {
      js: [
        '#!/usr/bin/env node',
        "import { createRequire as __berthRequire } from 'node:module';",
        "import { fileURLToPath as __berthPath } from 'node:url';",
        "import { dirname as __berthDirname } from 'node:path';",
        'const require = __berthRequire(import.meta.url);',
        'const __filename = __berthPath(import.meta.url);',
        'const __dirname = __berthDirname(__filename);',
      ].join('\n'),
    },
    legalComments: 'none',
  });
  chmodSync(outfile, 0o755);
  const size = statSync(outfile).size;
  log(`  bundled agent berth-agent.mjs (${(size / 1024).toFixed(0)} KB)`);
  return size;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildAgentBundle().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
