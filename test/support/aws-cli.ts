/**
 * The stock AWS CLI v2 (Debian's /usr/bin/aws) against a local endpoint, as a
 * user runs it. The environment is built here, not inherited: no AWS_PROFILE,
 * ~/.aws config or pager of whoever runs the tests reaches the CLI, only the
 * given key, us-east-1 and, where asked, extra botocore models (AWS_DATA_PATH).
 */
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface AwsCliOptions {
  /** The key the CLI signs with; the local admin key test/test by default. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** A folder of botocore models read before the CLI's own, for operations newer than the installed CLI (test/fixtures/aws-cli-model). */
  dataPath?: string;
}

/** How the CLI ended: its exit code (0 on success) and what it printed. */
export interface AwsCliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface AwsCli {
  /** Runs `aws <args> --endpoint-url … --output json` and parses stdout ({} when empty); a failure rejects with the CLI's stderr. */
  json(...args: string[]): Promise<any>;
  /** Runs the same and resolves with its exit code and output, failures included (for refusals and waiters). */
  run(...args: string[]): Promise<AwsCliResult>;
}

export function awsCli(endpoint: string, options: AwsCliOptions = {}): AwsCli {
  const credentials = options.credentials ?? { accessKeyId: 'test', secretAccessKey: 'test' };
  const env: NodeJS.ProcessEnv = {
    PATH: `/usr/bin:${process.env.PATH ?? '/bin'}`,
    HOME: tmpdir(),
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '',
    ...(options.dataPath ? { AWS_DATA_PATH: options.dataPath } : {}),
  };
  const exec = (args: string[]) => run('/usr/bin/aws', [...args, '--endpoint-url', endpoint, '--output', 'json'], { env });
  return {
    async json(...args) {
      let stdout: string;
      try {
        ({ stdout } = await exec(args));
      } catch (err) {
        const stderr = String((err as { stderr?: string }).stderr ?? '').trim();
        throw new Error(`aws ${args.slice(0, 2).join(' ')} failed: ${stderr || String(err)}`, { cause: err });
      }
      return stdout.trim() ? JSON.parse(stdout) : {};
    },
    async run(...args) {
      try {
        const { stdout, stderr } = await exec(args);
        return { code: 0, stdout, stderr };
      } catch (err) {
        const e = err as { code?: number | string; stdout?: string; stderr?: string };
        // A CLI that could not be started at all (ENOENT) is no answer to assert on.
        if (typeof e.code !== 'number') throw err;
        return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
      }
    },
  };
}
