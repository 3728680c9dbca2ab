/**
 * How systemd reads a unit's ExecStart= and an EnvironmentFile=, written from
 * systemd.service(5) "Command lines" and systemd.exec(5) "EnvironmentFile=",
 * apart from the code that writes them (src/agent/install/host-files.ts), so a
 * test can run the command systemd would run.
 */

/** `[Section] Key=Value` lines (comments and blank lines skipped; a trailing backslash continues a line). */
export function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = new Map();
      sections.set(section[1], current);
      continue;
    }
    const eq = line.indexOf('=');
    if (!current || eq < 0) throw new Error(`not a unit line: ${line}`);
    const key = line.slice(0, eq).trim();
    current.set(key, [...(current.get(key) ?? []), line.slice(eq + 1).trim()]);
  }
  return sections;
}

/** KEY=VALUE lines; double-quoted values unescape \" \\ \` \$, single-quoted ones are literal. */
export function parseEnvironmentFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const value = line.slice(eq + 1);
    let parsed: string;
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) parsed = value.slice(1, -1).replace(/\\(["\\`$])/g, '$1');
    else if (value.startsWith("'") && value.endsWith("'") && value.length >= 2) parsed = value.slice(1, -1);
    else parsed = value.trim();
    env[line.slice(0, eq).trim()] = parsed;
  }
  return env;
}

/**
 * ExecStart's words: double or single quotes group, backslash escapes inside
 * quotes, `%%` is %, `$$` is $, a word that is exactly `${VAR}` becomes the
 * variable's value as one argument, `$VAR` splits on whitespace.
 */
export function execStartArgv(line: string, env: Record<string, string>): string[] {
  const argv: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (i >= line.length) break;
    let word = '';
    let quoted = false;
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t') {
      const q = line[i];
      if (q === '"' || q === "'") {
        quoted = true;
        i++;
        while (i < line.length && line[i] !== q) {
          if (line[i] === '\\' && i + 1 < line.length) {
            const next = line[i + 1];
            word += next === 'n' ? '\n' : next === 't' ? '\t' : next;
            i += 2;
          } else word += line[i++];
        }
        if (line[i] !== q) throw new Error(`unterminated quote in ExecStart: ${line}`);
        i++;
      } else word += line[i++];
    }
    if (word.includes('%') && /%[^%]/.test(word.replace(/%%/g, ''))) throw new Error(`unescaped specifier in ${word}`);
    const whole = /^\$\{(\w+)\}$/.exec(word);
    if (whole && !quoted) {
      argv.push(env[whole[1]] ?? '');
      continue;
    }
    const split = /^\$(\w+)$/.exec(word);
    if (split && !quoted) {
      argv.push(...(env[split[1]] ?? '').split(/\s+/).filter(Boolean));
      continue;
    }
    argv.push(word.replace(/%%/g, '%').replace(/\$\$|\$\{(\w+)\}/g, (m, name?: string) => (m === '$$' ? '$' : (env[name!] ?? ''))));
  }
  return argv;
}
