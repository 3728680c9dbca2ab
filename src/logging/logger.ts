/**
 * The one logging interface of Berth, for the control plane and the agent
 * alike: JSON-lines loggers (json-lines-logger.ts) implement it, tests record
 * through it. Everything that logs is handed one; nothing logs through a
 * module-level logger. Imports nothing: both sides of the protocol may use it.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogDetail = Record<string, unknown>;

export interface Logger {
  debug(message: string, detail?: LogDetail): void;
  info(message: string, detail?: LogDetail): void;
  warn(message: string, detail?: LogDetail): void;
  error(message: string, detail?: LogDetail): void;
  /** A logger that adds `fields` to every line (e.g. the container instance ARN). */
  child(fields: LogDetail): Logger;
}
