/**
 * `npx berth` — Berth's admin CLI: issue and revoke credentials and cluster
 * join tokens. It works on Berth's table directly (as an S3-compatible
 * server's admin tool works on its own store), with the operator's own access:
 * locally DynamoDB Local and the key file of `npm start`; on AWS the deployed
 * table and KMS key, with the caller's AWS credentials.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCredential, CredentialError, listCredentials, revokeCredential } from '../app/security/credentials.js';
import { createJoinToken, listJoinTokens, revokeJoinToken } from '../app/security/join-tokens.js';
import { presetNames } from '../auth/presets.js';
import { readConfig, type BerthConfig } from '../config.js';
import { buildAppContext } from '../wiring/app-context.js';
import { buildSecurity } from '../wiring/security.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export const USAGE = `Usage: npx berth <command> [options]

  credentials create --name NAME --policy admin|read-only|FILE
                                  a new access key; the secret is shown once
  credentials list                every credential: name, access key id, policy
  credentials revoke KEY|NAME     revoke an access key (by id, or by name if only one has it)
  join-token create [--cluster NAME] [--expires 24h] [--max-registrations N]
                                  a token that lets hosts join a cluster (agent --join-token)
  join-token list                 join tokens: cluster, expiry, registrations
  join-token revoke ID|TOKEN

Where Berth keeps its data (defaults: the local stack of \`npm start\`):
  --table NAME              DynamoDB table (env BERTH_TABLE; default berth)
  --dynamodb-endpoint URL   (env BERTH_DYNAMODB_ENDPOINT; default http://127.0.0.1:$BERTH_DYNAMODB_PORT or 8000)
  --key-file PATH           local secrets key (env BERTH_SECRETS_KEY_FILE; default .berth/secret.key)
  --kms-key ID              on AWS: the KMS key sealing secrets (env BERTH_KMS_KEY_ID, e.g. alias/berth-dev);
                            with it the real DynamoDB is used unless --dynamodb-endpoint is given
  --region REGION           (env BERTH_REGION or AWS_REGION; default us-east-1)
  --json                    machine-readable output
`;

class UsageError extends Error {}

export async function main(argv: string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        policy: { type: 'string' },
        cluster: { type: 'string' },
        expires: { type: 'string' },
        'max-registrations': { type: 'string' },
        table: { type: 'string' },
        'dynamodb-endpoint': { type: 'string' },
        'key-file': { type: 'string' },
        'kms-key': { type: 'string' },
        region: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [group, command, arg] = positionals;
  if (values.help || !group) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const config = configFor(values, env);
  const sec = buildSecurity(config);
  const print = (human: string, data: unknown) => out(values.json ? JSON.stringify(data, null, 2) : human);
  try {
    switch (`${group} ${command ?? ''}`.trim()) {
      case 'credentials create': {
        if (!values.name) throw new UsageError('credentials create needs --name NAME');
        if (!values.policy) throw new UsageError(`credentials create needs --policy (${presetNames().join(', ')} or a policy file)`);
        const issued = await createCredential({ name: values.name, policy: policyArg(values.policy) }, sec);
        print(
          [
            `Created credential ${issued.name} (${issued.policy}), ${issued.arn}:`,
            `  export AWS_ACCESS_KEY_ID=${issued.accessKeyId} AWS_SECRET_ACCESS_KEY=${issued.secretAccessKey}`,
            'The secret is shown only now: Berth keeps it encrypted and never prints it again.',
          ].join('\n'),
          issued,
        );
        return 0;
      }
      case 'credentials list': {
        const list = await listCredentials(sec);
        print(
          list.length
            ? table(
                ['NAME', 'ACCESS KEY ID', 'POLICY', 'CREATED'],
                list.map((c) => [c.name, c.accessKeyId, c.policy, new Date(c.createdAt).toISOString()]),
              )
            : 'No credentials.',
          list,
        );
        return 0;
      }
      case 'credentials revoke': {
        if (!arg) throw new UsageError('credentials revoke needs an access key id or a name');
        const revoked = await revokeCredential(arg, sec);
        print(
          `Revoked ${revoked.accessKeyId} (${revoked.name}); processes that checked it in the last ${config.credentialCacheMs / 1000} s stop accepting it within that time.`,
          revoked,
        );
        return 0;
      }
      case 'join-token create': {
        const ecs = buildAppContext(config);
        const ttlMs = values.expires ? durationMs(values.expires, Date.now()) : undefined;
        const maxRegistrations = values['max-registrations'] === undefined ? undefined : Number(values['max-registrations']);
        const created = await createJoinToken({ cluster: values.cluster, ttlMs, maxRegistrations }, sec, ecs);
        print(
          [
            `Join token for cluster ${created.cluster}, valid until ${new Date(created.validUntil).toISOString()}${created.maxRegistrations ? ` for ${created.maxRegistrations} registration(s)` : ''}:`,
            `  ${created.token}`,
            `Start an agent with it: npm run agent -- --cluster ${created.cluster} --join-token ${created.token}`,
          ].join('\n'),
          created,
        );
        return 0;
      }
      case 'join-token list': {
        const list = await listJoinTokens(sec);
        print(
          list.length
            ? table(
                ['ID', 'CLUSTER', 'VALID UNTIL', 'REGISTRATIONS'],
                list.map((t) => [
                  t.id,
                  t.cluster,
                  `${new Date(t.validUntil).toISOString()}${t.expired ? ' (expired)' : ''}`,
                  `${t.registrations}${t.maxRegistrations ? `/${t.maxRegistrations}` : ''}`,
                ]),
              )
            : 'No join tokens.',
          list,
        );
        return 0;
      }
      case 'join-token revoke': {
        if (!arg) throw new UsageError('join-token revoke needs a token id');
        await revokeJoinToken(arg, sec);
        print(`Revoked join token ${arg.slice(0, 20)}; instances that joined with it keep their own credentials.`, { revoked: arg });
        return 0;
      }
      default:
        throw new UsageError(`unknown command: ${positionals.join(' ')}`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof CredentialError) {
      process.stderr.write(`berth: ${err.message}\n`);
      return 1;
    }
    const detail = err instanceof Error ? err.message : String(err);
    if (/ECONNREFUSED|fetch failed|connect/i.test(detail) || (err as { code?: string }).code === 'ECONNREFUSED') {
      process.stderr.write(`berth: cannot reach DynamoDB at ${config.dynamodbEndpoint ?? 'AWS'}: is \`npm start\` running? (${detail})\n`);
      return 1;
    }
    if ((err as Error).name === 'ResourceNotFoundException') {
      process.stderr.write(`berth: table ${config.tableName} does not exist (start Berth once with \`npm start\`, or pass --table)\n`);
      return 1;
    }
    throw err;
  }
}

function configFor(values: Record<string, string | boolean | undefined>, env: NodeJS.ProcessEnv): BerthConfig {
  const kmsKey = (values['kms-key'] as string | undefined) ?? env.BERTH_KMS_KEY_ID;
  const local = !kmsKey;
  return readConfig({
    ...env,
    BERTH_TABLE: (values.table as string | undefined) ?? env.BERTH_TABLE ?? 'berth',
    BERTH_REGION: (values.region as string | undefined) ?? env.BERTH_REGION ?? env.AWS_REGION,
    BERTH_DYNAMODB_ENDPOINT:
      (values['dynamodb-endpoint'] as string | undefined) ??
      env.BERTH_DYNAMODB_ENDPOINT ??
      (local ? `http://127.0.0.1:${env.BERTH_DYNAMODB_PORT ?? 8000}` : ''),
    BERTH_KMS_KEY_ID: kmsKey ?? '',
    BERTH_SECRETS_KEY_FILE: local
      ? ((values['key-file'] as string | undefined) ?? env.BERTH_SECRETS_KEY_FILE ?? join(root, '.berth', 'secret.key'))
      : '',
  });
}

/** A preset name, or a JSON policy file. */
function policyArg(value: string): string | object {
  if (presetNames().includes(value)) return value;
  let text: string;
  try {
    text = readFileSync(value, 'utf8');
  } catch {
    throw new UsageError(`--policy ${value}: not a preset (${presetNames().join(', ')}) nor a readable file`);
  }
  try {
    return JSON.parse(text) as object;
  } catch (err) {
    throw new UsageError(`--policy ${value}: not valid JSON (${(err as Error).message})`);
  }
}

/** `30m`, `24h`, `7d`, or an ISO 8601 date-time → milliseconds from now. */
export function durationMs(value: string, now: number): number {
  const m = /^(\d+)(m|h|d)$/.exec(value);
  if (m) return Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new UsageError(`--expires ${value}: use e.g. 30m, 24h, 7d or an ISO 8601 date-time`);
  return at - now;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows]
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2), process.env, (line) => console.log(line)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`berth: ${err instanceof Error ? err.message : err}`);
      process.exit(1);
    },
  );
}
