// A local osls plugin: `osls package` and `osls deploy` build what they ship
// (`npm run build`: the function bundles, the console, the agent bundle) before
// zipping dist/, so a deployment never carries stale or missing bundles.
// `osls offline` is not hooked: the local stack builds before it starts.
const { spawnSync } = require('node:child_process');

class BerthBuildPlugin {
  constructor(serverless) {
    const build = () => {
      const cwd = serverless.serviceDir;
      process.stdout.write('▸ npm run build (function bundles, console, agent bundle)\n');
      const run = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], { cwd, stdio: 'inherit' });
      if (run.error) throw run.error;
      if (run.status !== 0) throw new Error(`npm run build failed (exit ${run.status}): nothing was packaged`);
    };
    this.hooks = {
      'before:package:createDeploymentArtifacts': build,
      'before:deploy:function:packageFunction': build,
    };
  }
}

module.exports = BerthBuildPlugin;
