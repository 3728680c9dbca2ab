/** A Logger that keeps its lines for assertions. */
import type { LogDetail, Logger } from '../../src/logging/logger.js';

export interface LogLine {
  level: string;
  message: string;
  detail: LogDetail;
}

export function recordingLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const make = (fields: LogDetail): Logger => ({
    debug: (message, detail = {}) => lines.push({ level: 'debug', message, detail: { ...fields, ...detail } }),
    info: (message, detail = {}) => lines.push({ level: 'info', message, detail: { ...fields, ...detail } }),
    warn: (message, detail = {}) => lines.push({ level: 'warn', message, detail: { ...fields, ...detail } }),
    error: (message, detail = {}) => lines.push({ level: 'error', message, detail: { ...fields, ...detail } }),
    child: (more) => make({ ...fields, ...more }),
  });
  return Object.assign(make({}), { lines });
}
