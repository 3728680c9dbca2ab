import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { LogDetail, Logger, LogLevel } from './logger.js';

export interface ClosableLogger extends Logger {
  /** Flushes and closes the log file; later calls return the same promise. */
  close(): Promise<void>;
}

export interface LoggerOptions {
  /** Appended to (JSON lines); its directory is created. */
  file?: string;
  /** Also write to stdout (default true). */
  stdout?: boolean;
  /** Lowest level written (default info). */
  level?: LogLevel;
  fields?: LogDetail;
  now?: () => number;
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * One JSON object per line, on stdout and (for agents) in a file, so `jq` and
 * CloudWatch Logs Insights read it as is. Lambda functions log to stdout with
 * their `component` as a field.
 */
export function createLogger(opts: LoggerOptions = {}): ClosableLogger {
  const minRank = RANK[opts.level ?? 'info'];
  const now = opts.now ?? Date.now;
  const toStdout = opts.stdout ?? true;
  let stream: WriteStream | undefined;
  let closed: Promise<void> | undefined;
  if (opts.file) {
    mkdirSync(dirname(opts.file), { recursive: true });
    stream = createWriteStream(opts.file, { flags: 'a' });
  }
  const make = (fields: LogDetail): Logger => {
    const write = (level: LogLevel, message: string, detail: LogDetail = {}) => {
      if (RANK[level] < minRank) return;
      const line = `${JSON.stringify({ time: new Date(now()).toISOString(), level, message, ...fields, ...serializable(detail) })}\n`;
      if (toStdout) process.stdout.write(line);
      // A late line (a driver call finishing after shutdown) must not write to an ended stream, which would throw.
      if (!closed) stream?.write(line);
    };
    return {
      debug: (m, d) => write('debug', m, d),
      info: (m, d) => write('info', m, d),
      warn: (m, d) => write('warn', m, d),
      error: (m, d) => write('error', m, d),
      child: (more) => make({ ...fields, ...more }),
    };
  };
  return {
    ...make(opts.fields ?? {}),
    close: () => (closed ??= new Promise<void>((resolve) => (stream ? stream.end(() => resolve()) : resolve()))),
  };
}

/** JSON.stringify turns an Error into `{}`; keep its name, message and typed fields (e.g. the ECS `type`). */
function serializable(detail: LogDetail): LogDetail {
  const out: LogDetail = {};
  for (const [k, v] of Object.entries(detail)) {
    out[k] = v instanceof Error ? { ...v, name: v.name, message: v.message } : v;
  }
  return out;
}
