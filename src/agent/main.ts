/**
 * berth-agent's entry point (bin/berth-agent.mjs from a checkout, and the
 * single-file bundle dist/agent/berth-agent.mjs): `install` and `user-data`
 * set a host up; anything else runs the agent (src/agent/cli.ts).
 */
const command = process.argv[2];
if (command === 'install' || command === 'user-data') {
  const { runSetupCommand } = await import('./install/setup-cli.js');
  process.exit(await runSetupCommand(command, process.argv.slice(3)));
} else {
  await import('./cli.js');
}
