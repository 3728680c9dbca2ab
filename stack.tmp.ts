import { freePort } from './infra/local/ports.js';
import { startLocalStack } from './infra/local/stack.js';
const port = Number(process.env.PORT ?? 0) || (await freePort());
const stack = await startLocalStack({ port, lambdaPort: await freePort(), dynamoPort: await freePort(), tableName: 'berth-scratch', log: console.log, onOfflineOutput: (l) => console.log('[offline]', l.slice(0, 400)), reconcileEveryMs: 3_600_000 });
console.log('ENDPOINT', stack.endpoint, 'DDB', stack.dynamodbEndpoint);
const stop = async () => { await stack.stop(); process.exit(0); };
process.on('SIGTERM', stop); process.on('SIGINT', stop);
setInterval(() => {}, 1 << 30);
