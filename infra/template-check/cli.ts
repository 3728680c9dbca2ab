/**
 * npm run check:template [-- TEMPLATE]: checks the template `npm run package`
 * wrote (default .serverless/cloudformation-template-update-stack.json) with
 * the offline resource-specification check, and with cfn-lint too when this
 * machine has it. Exit 1 on any finding, each naming its resource.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTemplate, formatFinding } from './check-template.js';
import { runCfnLint } from './cfn-lint.js';
import { loadResourceSpecs } from './resource-spec.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const PACKAGED_TEMPLATE = join(root, '.serverless', 'cloudformation-template-update-stack.json');

async function main(): Promise<number> {
  const file = process.argv[2] ?? PACKAGED_TEMPLATE;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    console.error(`No template at ${file}: run \`npm run package\` first.`);
    return 2;
  }
  const specs = await loadResourceSpecs();
  const findings = checkTemplate(JSON.parse(text), specs, Buffer.byteLength(text));
  for (const f of findings) console.error(`✗ ${formatFinding(f)}`);
  const resources = Object.keys((JSON.parse(text) as { Resources: object }).Resources).length;
  console.log(`resource specification check: ${findings.length ? `${findings.length} finding(s)` : 'passed'} (${resources} resources)`);
  const lint = runCfnLint(file);
  if (lint.kind === 'unavailable')
    console.log(`cfn-lint: not on this machine (${lint.reason}); the resource specification check stands alone`);
  else {
    if (lint.kind === 'findings') console.error(lint.output);
    console.log(`cfn-lint ${lint.version}: ${lint.kind === 'passed' ? 'passed' : 'findings above'}`);
  }
  return findings.length || lint.kind === 'findings' ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
