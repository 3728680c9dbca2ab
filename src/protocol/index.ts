/**
 * The Berth agent protocol: the one definition of every message between a
 * host agent and the control plane, and the one parser of each, used by both
 * sides. Messages, not transport: today they travel as JSON over HTTP
 * (`POST /agent/v1/poll`, endpoints.ts), later also over a push channel. Pure: imports
 * nothing from the rest of Berth. See docs/agent-protocol.md.
 */
export * from './assignment.js';
export * from './attributes.js';
export * from './capabilities.js';
export * from './channel.js';
export * from './bounds.js';
export * from './dynamic-ports.js';
export * from './endpoints.js';
export * from './join.js';
export { InvalidMessageError } from './invalid-message-error.js';
export * from './poll-request.js';
export * from './poll-response.js';
export * from './stop-codes.js';
export * from './task-report.js';
export * from './task-spec.js';
export * from './task-usage.js';
