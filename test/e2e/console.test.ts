/**
 * The web console in a real browser (Debian's chromium, driven by
 * playwright-core) against the local stack with real agents: the issue's
 * walkthrough, done only through the console's pages. Screenshots of each
 * main page land in .berth/screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { SignatureV4 } from '@smithy/signature-v4';
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { handler as consoleFunction } from '../../functions/console.js';
import { WELCOME_TEXT, webTaskDefinition, type WebDriver } from '../../infra/local/walkthrough/web-task-definition.js';
import { ensureLocalImage } from '../../src/agent/test-image.js';
import { docker, dockerReachable } from '../integration/docker/docker-env.js';
import { startAgentCluster, type AgentCluster } from '../support/agent-cluster.js';
import { ecsClient } from '../support/ecs-client.js';

const CHROMIUM = process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = join(process.cwd(), '.berth', 'screenshots');
const cluster = 'console';
const family = `${cluster}-web`;
const ecs = ecsClient();
/** How long the UI may take to show what the control plane did (placements, agents, polling). */
const UI_WAIT = 60_000;

let lc: AgentCluster;
let driver: WebDriver;
let userDataDir: string;
let browser: BrowserContext;
let page: Page;

const shoot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
const dialog = () => page.getByRole('dialog');
/** The live (not STOPPED) task ids listed in the service page's task table. */
const liveTaskIds = () =>
  page.locator('table.tasks tbody tr:not(.dim) th a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!.split('/').pop()!));

async function serviceCounts(desired: number) {
  await page
    .getByTestId('desired-count')
    .filter({ hasText: new RegExp(`^${desired}$`) })
    .waitFor({ timeout: UI_WAIT });
  await page
    .getByTestId('running-count')
    .filter({ hasText: new RegExp(`^${desired}$`) })
    .waitFor({ timeout: UI_WAIT });
  await page.locator('.facts .badge', { hasText: /^steady$/ }).waitFor({ timeout: UI_WAIT });
}

/** The Authorization header SigV4 gives this request's signed headers and body with the local key: it must be the one the browser sent. */
async function expectedAuthorization(req: Request): Promise<string> {
  const sent = await req.allHeaders();
  const url = new URL(req.url());
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(sent.authorization)![1].split(';');
  const headers = Object.fromEntries(signedHeaders.map((h) => [h, h === 'host' ? url.host : sent[h]]));
  const date = sent['x-amz-date'].replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z');
  const signer = new SignatureV4({
    service: 'ecs',
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: {},
      headers,
      body: req.postData() ?? '',
    },
    { signingDate: new Date(date) },
  );
  return signed.headers.authorization;
}

async function setDesiredCount(value: string) {
  await page.getByLabel('Desired tasks').fill(value);
  await page.getByRole('button', { name: 'Update desired count' }).click();
  await dialog().getByRole('button', { name: 'Update service' }).click();
}

describe('the web console', () => {
  beforeAll(async () => {
    // Docker agents when an Engine answers (always in CI), else the process driver runs the same walkthrough.
    if (!dockerReachable && process.env.BERTH_REQUIRE_DOCKER === '1')
      throw new Error('BERTH_REQUIRE_DOCKER=1 but no Docker Engine answered');
    driver = dockerReachable ? 'docker' : 'process';
    if (driver === 'docker') await ensureLocalImage(docker);
    // Port slices 3-5: the walkthrough's Docker agents (slices 0-2) may run at the same time.
    lc = await startAgentCluster(ecs, cluster, driver, 3, 3);
    mkdirSync(SCREENSHOTS, { recursive: true });
    userDataDir = mkdtempSync(join(tmpdir(), 'berth-chromium-'));
    // A persistent context is how playwright takes a fresh --user-data-dir.
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await browser?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await lc?.teardown();
  });

  it('runs the walkthrough from the browser: instances, a service of 3, a task URL, scale to 1, a replacement, an API error', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));

    // Clusters, then the cluster's 3 instances with their agents connected; every call signed as the AWS CLI signs it.
    const ecsRequest = page.waitForRequest((r) => r.headers()['x-amz-target']?.startsWith('AmazonEC2ContainerServiceV20141113.') ?? false);
    await page.goto(`${inject('ecsEndpoint')}/console/`);
    const signedRequest = await ecsRequest;
    expect(signedRequest.headers().authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/us-east-1\/ecs\/aws4_request, SignedHeaders=/,
    );
    await expect(expectedAuthorization(signedRequest)).resolves.toBe(signedRequest.headers().authorization);
    const row = page.getByRole('row', { name: new RegExp(`^${cluster}\\b`) });
    await expect(row.getByRole('cell').nth(1).textContent()).resolves.toBe('3');
    await shoot('clusters');
    await row.getByRole('link', { name: cluster }).click();
    await page.getByRole('heading', { name: `Cluster ${cluster}`, exact: true }).waitFor();
    await page.locator('table.instances tbody tr', { hasText: 'connected' }).nth(2).waitFor();
    await expect(page.locator('table.instances tbody tr').count()).resolves.toBe(3);
    for (const zone of ['us-east-1a', 'us-east-1b', 'us-east-1c']) await page.locator('table.instances td', { hasText: zone }).waitFor();
    await shoot('cluster');

    // A task definition registered from JSON.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Task definitions' }).click();
    await page.getByRole('link', { name: 'Register task definition' }).click();
    await page.getByLabel('Task definition JSON').fill(JSON.stringify(webTaskDefinition(driver, family), null, 2));
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await dialog().getByRole('button', { name: 'Register' }).click();
    await page.getByRole('heading', { name: `Task definition ${family}:1`, exact: true }).waitFor();
    await shoot('task-definition');

    // A service of 3 from it.
    await page.getByLabel('Create a service in').selectOption(cluster);
    await page.getByRole('link', { name: 'Create service' }).click();
    await page.getByRole('heading', { name: 'Create service', exact: true }).waitFor();
    await expect(page.getByLabel('Task definition').inputValue()).resolves.toBe(`${family}:1`);
    await page.getByLabel('Service name').fill('web');
    await page.getByLabel('Desired tasks').fill('3');
    await shoot('create-service');
    await page.getByRole('button', { name: 'Create service' }).click();
    await dialog().getByRole('button', { name: 'Create service' }).click();
    await page.getByRole('heading', { name: 'Service web', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/console/clusters/${cluster}/services/web`);

    // It becomes steady, live, without a reload.
    await serviceCounts(3);
    await expect(liveTaskIds()).resolves.toHaveLength(3);
    await page.locator('ol.events li', { hasText: 'has reached a steady state' }).first().waitFor({ timeout: UI_WAIT });
    await page.getByRole('heading', { name: 'Autoscaling', exact: true }).waitFor();
    await shoot('service');

    // A task's container port link answers.
    await page.locator('table.tasks tbody tr:not(.dim) th a').first().click();
    await page.getByRole('heading', { name: /^Task [0-9a-f]{32}$/ }).waitFor();
    const binding = page.locator('a.binding').first();
    await binding.waitFor();
    await shoot('task');
    const [site] = await Promise.all([browser.waitForEvent('page'), binding.click()]);
    await site.waitForLoadState();
    await expect(site.textContent('body')).resolves.toContain(WELCOME_TEXT);
    await site.close();

    // Back to the service with the browser's back button; scale to 1.
    await page.goBack();
    await page.getByRole('heading', { name: 'Service web', exact: true }).waitFor();
    await setDesiredCount('1');
    await serviceCounts(1);
    await page.waitForFunction(() => document.querySelectorAll('table.tasks tbody tr:not(.dim)').length === 1, null, { timeout: UI_WAIT });
    const [survivor] = await liveTaskIds();

    // Stop it: the service starts a replacement.
    await page.locator('table.tasks tbody tr:not(.dim)').getByRole('button', { name: 'Stop' }).click();
    await dialog().getByRole('button', { name: 'Stop task' }).click();
    await page.locator('table.tasks tbody tr.dim th a', { hasText: survivor.slice(0, 12) }).waitFor({ timeout: UI_WAIT });
    await page.waitForFunction(
      (stopped) =>
        [...document.querySelectorAll('table.tasks tbody tr:not(.dim) th a')].some((a) => !a.getAttribute('href')!.endsWith(stopped)),
      survivor,
      { timeout: UI_WAIT },
    );
    await serviceCounts(1);
    const [replacement] = await liveTaskIds();
    expect(replacement).not.toBe(survivor);

    // An invalid desired count: the API's refusal, verbatim, and nothing changes.
    await setDesiredCount('-1');
    await dialog().getByRole('alert').waitFor();
    await expect(dialog().getByRole('alert').textContent()).resolves.toBe('InvalidParameterException: desiredCount must not be negative.');
    await shoot('service-error');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('desired-count').textContent()).resolves.toBe('1');

    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('is served on AWS by the console function from the same build, deep links included', async () => {
    const invoke = (rawPath: string) =>
      consoleFunction({ rawPath } as APIGatewayProxyEventV2, {} as Context) as Promise<APIGatewayProxyStructuredResultV2>;
    const index = await invoke('/console/');
    const script = /src="(\/console\/app-\w+\.js)"/.exec(index.body!)![1];
    const [app, deep] = await Promise.all([invoke(script), invoke('/console/clusters/default/tasks/abc')]);
    expect(index).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, isBase64Encoded: false });
    expect(deep.body).toBe(index.body);
    expect(app).toMatchObject({
      statusCode: 200,
      headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': expect.stringContaining('immutable') },
    });
    const served = await fetch(`${inject('ecsEndpoint')}${script}`);
    expect(await served.text()).toBe(app.body);
  });
});
