/**
 * An Application Load Balancer target group's success codes (`Matcher.HttpCode`):
 * one code ("200"), a list ("200,202") or a range ("200-299"), each within
 * 200-499 as ALB allows. Parsed once per target group, applied per check.
 */
export type StatusMatcher = (status: number) => boolean;

export class MatcherError extends Error {}

const MIN_CODE = 200;
const MAX_CODE = 499;

export function parseHttpCodeMatcher(spec: string): StatusMatcher {
  const ranges = spec.split(',').map((part) => {
    const m = /^\s*(\d{3})(?:\s*-\s*(\d{3}))?\s*$/.exec(part);
    if (!m)
      throw new MatcherError(
        `Health check matcher HTTP code '${spec}' must be a code, a comma-separated list of codes or a range such as 200-299.`,
      );
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from < MIN_CODE || to > MAX_CODE || from > to) {
      throw new MatcherError(`Health check matcher HTTP code '${spec}' must be within '${MIN_CODE}-${MAX_CODE}' range.`);
    }
    return [from, to] as const;
  });
  return (status) => ranges.some(([from, to]) => status >= from && status <= to);
}
