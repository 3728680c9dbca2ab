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
  | { kind: 'not-found'; message: string }
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

/** `urlPath` is the request path (no query), `/console` or under `/console/`; every other path under it is the app (index.html). */
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
  if (file && isFile(file)) return served(file);
  // A missing asset (an old build's script) is a 404, not the app's HTML parsed as a script; routes have no extension.
  if (extname(rel) && TYPES[extname(rel)] && !rel.endsWith('.html'))
    return { kind: 'not-found', message: `No file ${urlPath} in this build of the console.` };
  return served(join(dir, 'index.html'));
}

function served(chosen: string): ConsoleFile {
  if (!isFile(chosen)) return { kind: 'not-built', message: 'The console is not built: run `npm run build`.' };
  return {
    kind: 'file',
    path: chosen,
    contentType: TYPES[extname(chosen)] ?? 'application/octet-stream',
    // index.html is revalidated each time and names the build's files, which carry their content hash: cached for good.
    cacheControl: chosen.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
  };
}
