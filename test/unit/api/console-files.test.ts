import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { consoleFile } from '../../../src/api/console-files.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-console-files-'));
writeFileSync(join(dir, 'index.html'), '<!doctype html>');
writeFileSync(join(dir, 'app-3F2A9C1B.js'), 'export {}');
writeFileSync(join(dir, '.built'), '');
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'assets', 'logo.svg'), '<svg/>');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the console files served at /console/', () => {
  it('serves built files with their type, and index.html (never cached) for every other path: deep links', () => {
    expect(consoleFile(dir, '/console/app-3F2A9C1B.js')).toEqual({
      kind: 'file',
      path: join(dir, 'app-3F2A9C1B.js'),
      contentType: 'text/javascript; charset=utf-8',
      cacheControl: 'public, max-age=31536000, immutable',
    });
    expect(consoleFile(dir, '/console/assets/logo.svg')).toMatchObject({
      path: join(dir, 'assets', 'logo.svg'),
      contentType: 'image/svg+xml',
    });
    for (const deep of ['/console/', '/console/clusters/default/services/web', '/console/assets']) {
      expect(consoleFile(dir, deep), deep).toEqual({
        kind: 'file',
        path: join(dir, 'index.html'),
        contentType: 'text/html; charset=utf-8',
        cacheControl: 'no-cache',
      });
    }
    expect(consoleFile(dir, '/console')).toEqual({ kind: 'redirect', location: '/console/' });
  });

  it('never serves a file outside the build, a dotfile, or a malformed path', () => {
    const index = join(dir, 'index.html');
    for (const bad of [
      '/console/../package.json',
      '/console/%2e%2e/package.json',
      '/console/assets/../../x',
      '/console/.built',
      '/console/%E0%A4%A',
    ]) {
      const found = consoleFile(dir, bad);
      expect(found.kind === 'file' ? found.path : found.kind, bad).toMatch(new RegExp(`^(${index}|not-found)$`));
    }
  });

  it("answers 404 for a missing asset (an old build's script), not the app's HTML", () => {
    expect(consoleFile(dir, '/console/app-OLDHASH.js')).toEqual({
      kind: 'not-found',
      message: 'No file /console/app-OLDHASH.js in this build of the console.',
    });
  });

  it('says how to build the console when it is not built', () => {
    expect(consoleFile(join(dir, 'nothing-here'), '/console/')).toEqual({
      kind: 'not-built',
      message: 'The console is not built: run `npm run build`.',
    });
  });
});
