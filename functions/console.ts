import { consoleHandler } from '../src/wiring/console-handler.js';

/** The web console's static files at GET /console/*. Built once per Lambda container. */
export const handler = consoleHandler();
