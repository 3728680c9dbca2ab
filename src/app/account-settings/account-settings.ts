import type {
  DeleteAccountSettingRequest,
  DeleteAccountSettingResponse,
  ListAccountSettingsRequest,
  ListAccountSettingsResponse,
  PutAccountSettingDefaultRequest,
  PutAccountSettingDefaultResponse,
  PutAccountSettingRequest,
  PutAccountSettingResponse,
  Setting,
} from '@aws-sdk/client-ecs';
import { ACCOUNT_SETTING_VALUES, AWS_MANAGED_DEFAULTS, checkAccountSetting } from '../../domain/account-settings.js';
import type { Caller } from '../../domain/caller.js';
import { invalidParameter } from '../../domain/errors.js';
import type { StoredAccountSetting } from '../../ports/account-settings-store.js';
import type { AppContext } from '../context.js';
import { pageLimit } from '../paging.js';

/**
 * Account settings, principal-scoped as ECS scopes them: a setting for a
 * principal (the caller unless principalArn names another), account defaults
 * on the account root (PutAccountSettingDefault), AWS's defaults below both.
 * Effective = the principal's, else the account default, else AWS's.
 */
const rootArn = (ctx: AppContext) => `arn:aws:iam::${ctx.arn.accountId}:root`;
const principalOf = (ctx: AppContext, given: string | undefined, caller?: Caller) =>
  given ?? (caller?.containerInstance ? undefined : caller?.arn) ?? rootArn(ctx);

const view = (s: StoredAccountSetting): Setting => ({
  name: s.name as Setting['name'],
  value: s.value,
  principalArn: s.principalArn,
  type: 'user',
});

function checkName(name: string | undefined): void {
  if (name !== undefined && !Object.hasOwn(ACCOUNT_SETTING_VALUES, name)) throw invalidParameter(`Unknown account setting name: ${name}.`);
}

function checkPrincipal(principalArn: string | undefined): void {
  if (principalArn !== undefined && !/^arn:aws:iam::\d{12}:(root|user\/.+|role\/.+)$/.test(principalArn)) {
    throw invalidParameter('principalArn must be the ARN of an IAM user, an IAM role or the account root.');
  }
}

export async function putAccountSetting(
  input: PutAccountSettingRequest,
  ctx: AppContext,
  caller?: Caller,
): Promise<PutAccountSettingResponse> {
  checkPrincipal(input.principalArn);
  checkName(input.name);
  checkAccountSetting(input.name!, input.value!);
  const setting = { principalArn: principalOf(ctx, input.principalArn, caller), name: input.name!, value: input.value! };
  await ctx.accountSettings.put(setting);
  return { setting: view(setting) };
}

export async function putAccountSettingDefault(
  input: PutAccountSettingDefaultRequest,
  ctx: AppContext,
): Promise<PutAccountSettingDefaultResponse> {
  checkName(input.name);
  checkAccountSetting(input.name!, input.value!);
  const setting = { principalArn: rootArn(ctx), name: input.name!, value: input.value! };
  await ctx.accountSettings.put(setting);
  return { setting: view(setting) };
}

export async function deleteAccountSetting(
  input: DeleteAccountSettingRequest,
  ctx: AppContext,
  caller?: Caller,
): Promise<DeleteAccountSettingResponse> {
  checkPrincipal(input.principalArn);
  checkName(input.name);
  const deleted = await ctx.accountSettings.delete(principalOf(ctx, input.principalArn, caller), input.name!);
  if (!deleted) throw invalidParameter(`No ${input.name} setting is set for that principal.`);
  return { setting: view(deleted) };
}

/** The effective settings of a principal, every name: its own, else the account default, else AWS's. */
async function effective(ctx: AppContext, principal: string): Promise<Setting[]> {
  const root = rootArn(ctx);
  const [own, defaults] = await Promise.all([
    ctx.accountSettings.list(principal),
    principal === root ? Promise.resolve([]) : ctx.accountSettings.list(root),
  ]);
  return Object.keys(ACCOUNT_SETTING_VALUES).map((name) => {
    const set = own.find((s) => s.name === name) ?? defaults.find((s) => s.name === name);
    return set ? view(set) : { name: name as Setting['name'], value: AWS_MANAGED_DEFAULTS[name], principalArn: root, type: 'aws_managed' };
  });
}

/** The effective value of one setting for the caller (what a use case honouring it reads). */
export async function effectiveAccountSetting(ctx: AppContext, name: string, caller?: Caller): Promise<string> {
  return (await effective(ctx, principalOf(ctx, undefined, caller))).find((s) => s.name === name)!.value!;
}

export async function listAccountSettings(
  input: ListAccountSettingsRequest,
  ctx: AppContext,
  caller?: Caller,
): Promise<ListAccountSettingsResponse> {
  checkPrincipal(input.principalArn);
  checkName(input.name);
  if (input.value !== undefined && input.name === undefined) throw invalidParameter('value can only be given with name.');
  const principal = principalOf(ctx, input.principalArn, caller);
  const all = input.effectiveSettings ? await effective(ctx, principal) : (await ctx.accountSettings.list(principal)).map(view);
  const settings = all
    .filter((s) => (input.name === undefined || s.name === input.name) && (input.value === undefined || s.value === input.value))
    .sort((a, b) => (a.name! < b.name! ? -1 : 1));
  // At most 11 settings: paged in memory, the token being the next name.
  const limit = input.maxResults === undefined ? 10 : pageLimit(input.maxResults, 10);
  const start = input.nextToken === undefined ? 0 : settings.findIndex((s) => s.name! >= input.nextToken!);
  if (start < 0) return { settings: [] };
  const next = settings[start + limit];
  return { settings: settings.slice(start, start + limit), ...(next ? { nextToken: next.name } : {}) };
}
