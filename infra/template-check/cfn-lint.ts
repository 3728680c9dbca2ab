/**
 * AWS's cfn-lint, when this machine has it (it comes from PyPI, which these
 * machines cannot reach; some machine images ship it preinstalled). Findings
 * name the resource and the template line.
 */
import { spawnSync } from 'node:child_process';

/**
 * W3005 ("dependency already enforced by a Ref"): osls writes DependsOn beside
 * a Ref in the HTTP API's routes; redundant, harmless, and not Berth's to change.
 */
export const CFN_LINT_IGNORED = ['W3005'];

export type CfnLintResult =
  { kind: 'unavailable'; reason: string } | { kind: 'passed'; version: string } | { kind: 'findings'; version: string; output: string };

export function runCfnLint(templateFile: string): CfnLintResult {
  const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    return { kind: 'unavailable', reason: probe.error ? 'cfn-lint is not on PATH' : probe.stderr.trim() };
  const version = probe.stdout.trim().replace(/^cfn-lint\s+/, '');
  const run = spawnSync('cfn-lint', ['--format', 'parseable', '--ignore-checks', ...CFN_LINT_IGNORED, '--', templateFile], {
    encoding: 'utf8',
  });
  if (run.status === 0) return { kind: 'passed', version };
  return { kind: 'findings', version, output: `${run.stdout}${run.stderr}`.trim() || `cfn-lint exited ${run.status}` };
}
