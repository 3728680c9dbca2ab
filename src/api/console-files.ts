/**
 * Which file answers a GET under /console/: the web console's build output
 * (dist/console) with the single-page fallback — any path that is not a file
 * is index.html, so deep links load the app, which then routes. Shared by the
 * local edge and the console function, so both serve the same thing.
 */
import { statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

export const CONSOLE_PATH = '/console/';

export type ConsoleFile =
  | { kind: 'redirect'; location: string }
  | { kind: 'file'; path: string; contentType: string; cacheControl: string }
  | { kind: 'not-built'; message: string };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

const isFile = (f: string) => {
  try {
    return statSync(f).isFile();
  } catch {
    return false;
  }
};

/** `urlPath` is the request path (no query), `/console` or under `/console/`. */
export function consoleFile(dir: string, urlPath: string): ConsoleFile {
  if (urlPath === '/console') return { kind: 'redirect', location: CONSOLE_PATH };
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(urlPath.slice(CONSOLE_PATH.length)));
  } catch {
    rel = '';
  }
  // Nothing outside `dir`, and no dotfiles (the build's stamp).
  const inside = rel && rel !== '.' && !rel.startsWith('..') && !rel.includes(`${sep}..`) && !rel.split(sep).some((p) => p.startsWith('.'));
  const file = inside ? join(dir, rel) : '';
  const chosen = file && isFile(file) ? file : join(dir, 'index.html');
  if (!isFile(chosen)) return { kind: 'not-built', message: 'The console is not built: run `npm run build`.' };
  return {
    kind: 'file',
    path: chosen,
    contentType: TYPES[extname(chosen)] ?? 'application/octet-stream',
    // index.html is revalidated each time so a new build's app.js is picked up; the rest may be cached briefly.
    cacheControl: chosen.endsWith('index.html') ? 'no-cache' : 'public, max-age=300',
  };
}
