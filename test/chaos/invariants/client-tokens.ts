import { RUN_TASK_SCOPE } from '../../../src/app/tasks/run-task-token.js';
import { readTokens } from '../observe.js';
import type { Invariant } from './invariant.js';

/**
 * Every RunTask with a clientToken answers the same task ARNs as the first
 * answer for that token; the tasks carrying a token exist exactly when the
 * token's record says its call is done, and they are the ones it recorded.
 */
export const clientTokens = (): Invariant => {
  const firstAnswer = new Map<string, string>();
  const carriers = new Map<string, Set<string>>();
  return {
    name: 'client-tokens',
    holds: 'the same clientToken always returns the same tasks, and only its recorded call ever creates tasks',
    async check({ after, log, world }) {
      const out: string[] = [];
      for (const [token, answers] of log.tokenAnswers) {
        for (const answer of answers) {
          const key = answer.join(',');
          if (!firstAnswer.has(token)) firstAnswer.set(token, key);
          else if (firstAnswer.get(token) !== key)
            out.push(`clientToken ${token} answered [${short(key)}], earlier [${short(firstAnswer.get(token)!)}]`);
        }
      }
      for (const { task } of after.tasks.values()) {
        if (task.clientToken) carriers.set(task.clientToken, (carriers.get(task.clientToken) ?? new Set()).add(task.taskArn));
      }
      const touched = new Set([
        ...log.tokenAnswers.keys(),
        ...log.step.actions.flatMap((a) => (a.kind === 'runTask' && a.token ? [a.token] : [])),
        ...(log.step.actions.some((a) => a.kind === 'retryTokens') ? world.tokenTemplates.keys() : []),
      ]);
      if (!touched.size) return out;
      const records = await readTokens(world.checkerDb, world.config.tableName, RUN_TASK_SCOPE, touched);
      for (const token of touched) {
        const record = records.get(token);
        const seen = [...(carriers.get(token) ?? [])];
        if (!record?.done) {
          if (seen.length) out.push(`clientToken ${token}: tasks ${seen.map(idOf).join(', ')} exist but no outcome is recorded`);
          continue;
        }
        const recorded = new Set(record.result);
        const extra = seen.filter((arn) => !recorded.has(idOf(arn)));
        if (extra.length)
          out.push(
            `clientToken ${token}: tasks ${extra.map(idOf).join(', ')} carry it but its outcome lists ${record.result.join(', ') || 'none'}`,
          );
        const answer = firstAnswer.get(token);
        if (answer !== undefined && answer.split(',').filter(Boolean).map(idOf).join(',') !== record.result.join(','))
          out.push(`clientToken ${token}: answered [${short(answer)}] but recorded [${record.result.join(', ')}]`);
      }
      return out;
    },
  };
};

const idOf = (arn: string) => arn.split('/').pop()!;
const short = (arns: string) =>
  arns
    .split(',')
    .filter(Boolean)
    .map((a) => idOf(a).slice(0, 12))
    .join(', ');
