#!/usr/bin/env node
// berth: the admin CLI (credentials, join tokens). TypeScript through tsx's loader, in this very process.
import { register } from 'tsx/esm/api';

// The SDK's notice about future Node versions is noise in an admin tool's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
const { main } = await import('../src/admin/cli.ts');
process.exitCode = await main(process.argv.slice(2), process.env, (line) => console.log(line)).catch((err) => {
  console.error(`berth: ${err instanceof Error ? err.message : err}`);
  return 1;
});
