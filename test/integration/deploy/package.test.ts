/**
 * `npm run package` on a fresh checkout, with no AWS credentials and no
 * network (a network namespace of its own): the CloudFormation template and
 * the function zips, every function and route of serverless.yml in them; the
 * template passes the offline resource-specification check and cfn-lint (where
 * the machine has it); the IAM policy allows exactly what the functions' code
 * calls, on Berth's own resources.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTables } from '../../../infra/local/ensure-tables.js';
import { requiredActions } from '../../../infra/iam/iam-actions.js';
import { checkPolicies } from '../../../infra/iam/policy-check.js';
import { scanFunctions } from '../../../infra/iam/sdk-calls.js';
import { runCfnLint } from '../../../infra/template-check/cfn-lint.js';
import { checkTemplate, formatFinding } from '../../../infra/template-check/check-template.js';
import { loadResourceSpecs } from '../../../infra/template-check/resource-spec.js';
import { freshCheckout, noAwsEnvironment, offlineCommand } from '../../support/fresh-checkout.js';

type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>; Outputs: Record<string, unknown> };
interface ServerlessState {
  service: {
    service: string;
    functions: Record<string, { name: string; events?: { httpApi?: { method: string; path: string }; schedule?: unknown }[] }>;
  };
}

let dir: string;
let template: Template;
let templateText: string;
let state: ServerlessState;
let offline = false;

function run(argv: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

beforeAll(async () => {
  dir = freshCheckout('berth-package-');
  const home = mkdtempSync(join(tmpdir(), 'berth-no-aws-home-'));
  scratch.push(home);
  const cmd = offlineCommand(['npm', 'run', 'package']);
  offline = cmd.offline;
  const result = await run(cmd.argv, dir, noAwsEnvironment(home));
  if (result.code !== 0) throw new Error(`npm run package failed (exit ${result.code}):\n${result.output.slice(-6000)}`);
  templateText = readFileSync(join(dir, '.serverless', 'cloudformation-template-update-stack.json'), 'utf8');
  template = JSON.parse(templateText) as Template;
  state = JSON.parse(readFileSync(join(dir, '.serverless', 'serverless-state.json'), 'utf8')) as ServerlessState;
}, 600_000);

const scratch: string[] = [];
afterAll(() => {
  for (const d of [dir, ...scratch]) if (d) rmSync(d, { recursive: true, force: true });
});

const ofType = (type: string) => Object.values(template.Resources).filter((r) => r.Type === type);

describe('npm run package on a fresh checkout, offline, without AWS credentials', () => {
  it('ran with no network', () => {
    // CI machines allow network namespaces; say so plainly where one does not.
    if (!offline) console.warn('[package test] unshare --net is not allowed here: packaging ran with the network');
    expect(offline || process.env.CI !== 'true').toBe(true);
  });

  it('packages every function with its bundle, every route, schedule and the table', () => {
    const functions = state.service.functions;
    const fnNames = ofType('AWS::Lambda::Function').map((r) => r.Properties!.FunctionName);
    expect(fnNames.sort()).toEqual(
      Object.values(functions)
        .map((f) => f.name)
        .sort(),
    );
    for (const [key, fn] of Object.entries(functions)) {
      const zip = join(dir, '.serverless', `${key}.zip`);
      expect(statSync(zip).size, `${key}.zip`).toBeGreaterThan(500);
      const handler = fn.name.replace(/^berth-dev-/, '');
      const listing = readFileSync(zip).toString('latin1');
      expect(listing, `${key}.zip holds its bundle`).toContain(`dist/functions/${handler}.mjs`);
    }
    expect(readFileSync(join(dir, '.serverless', 'agent-download.zip')).toString('latin1')).toContain('dist/agent/berth-agent.mjs');
    expect(readFileSync(join(dir, '.serverless', 'console.zip')).toString('latin1')).toContain('dist/console/index.html');

    const routes = ofType('AWS::ApiGatewayV2::Route').map((r) => r.Properties!.RouteKey);
    const events = Object.values(functions).flatMap((f) => f.events ?? []);
    expect(routes.sort()).toEqual(
      events
        .filter((e) => e.httpApi)
        .map((e) => `${e.httpApi!.method} ${e.httpApi!.path}`)
        .sort(),
    );
    expect(ofType('AWS::Events::Rule')).toHaveLength(events.filter((e) => e.schedule).length);
    expect(ofType('AWS::DynamoDB::Table')).toHaveLength(1);
    expect(template.Outputs).toHaveProperty('HttpApiUrl');
  });

  it("each function's zip, unpacked alone, loads with Lambda's environment; the reconciler's calls DynamoDB with its credentials", async () => {
    // Lambda sets the execution role's credentials in the environment: the SDK's environment provider answers, and
    // the credential providers left out of the bundles (infra/build.ts) are never imported.
    const table = `berth-zip-${process.pid}`;
    await ensureTables(inject('dynamodbEndpoint'), table);
    const lambdaEnv = {
      PATH: process.env.PATH,
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'session',
      AWS_REGION: 'us-east-1',
      BERTH_REGION: 'us-east-1',
      BERTH_TABLE: table,
      BERTH_DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
      BERTH_KMS_KEY_ID: 'alias/berth-dev',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    for (const [key, fn] of Object.entries(state.service.functions)) {
      const task = mkdtempSync(join(tmpdir(), `berth-zip-${key}-`));
      scratch.push(task);
      expect((await run(['unzip', '-q', join(dir, '.serverless', `${key}.zip`)], task, lambdaEnv)).code).toBe(0);
      const module = join(task, 'dist', 'functions', `${fn.name.replace(/^berth-dev-/, '')}.mjs`);
      const script =
        key === 'reconciler'
          ? `const { handler } = await import(${JSON.stringify(module)}); console.log(JSON.stringify(await handler({}, {})))`
          : `const { handler } = await import(${JSON.stringify(module)}); console.log(typeof handler)`;
      const result = await run([process.execPath, '--input-type=module', '-e', script], task, { ...lambdaEnv, LAMBDA_TASK_ROOT: task });
      expect(result, key).toMatchObject({ code: 0 });
      expect(result.output.trim(), key).toBe(key === 'reconciler' ? '[]' : 'function');
    }
  });

  it('resolves nothing from AWS at package time: account, region and partition are pseudo-parameters', () => {
    expect(templateText).not.toMatch(/arn:[^"]*:\d{12}:/);
    expect(templateText).not.toMatch(/"(us|eu|ap|sa|ca|me|af)-[a-z]+-\d"/);
    const env = (ofType('AWS::Lambda::Function')[0].Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.BERTH_ACCOUNT_ID).toEqual({ Ref: 'AWS::AccountId' });
    expect(env.BERTH_REGION).toEqual({ Ref: 'AWS::Region' });
    expect(env.BERTH_AGENT_ENDPOINT).toEqual({ 'Fn::GetAtt': ['HttpApi', 'ApiEndpoint'] });
  });

  it('passes the offline resource-specification check', async () => {
    const findings = checkTemplate(template, await loadResourceSpecs(), Buffer.byteLength(templateText));
    expect(findings.map(formatFinding)).toEqual([]);
  });

  it('passes cfn-lint where this machine has it', (ctx) => {
    const lint = runCfnLint(join(dir, '.serverless', 'cloudformation-template-update-stack.json'));
    if (lint.kind === 'unavailable') ctx.skip();
    expect(lint.kind === 'findings' ? lint.output : 'passed').toBe('passed');
  });

  it('allows exactly the AWS calls the functions make, on Berth-scoped resources, no wildcard action, no Scan', async () => {
    const scan = await scanFunctions(dir);
    expect(scan.opaqueImports, 'import SDK commands by name so this test sees them').toEqual([]);
    const derived = requiredActions(scan.calls, scan.transactItems);
    expect(
      derived.unknownPackages.map(
        (c) => `${c.file}:${c.line} imports ${c.command} from ${c.pkg}: add its IAM prefix to IAM_PREFIX in infra/iam/iam-actions.ts`,
      ),
    ).toEqual([]);
    const report = await checkPolicies(template, derived.actions, await loadResourceSpecs());
    expect(report.problems).toEqual([]);
    expect(derived.actions.size).toBeGreaterThan(0);
  });
});
