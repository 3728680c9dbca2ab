/** Merge several containers' logs into one text, each line prefixed with its container name. */
export function mergeContainerLogs(logs: { name: string; text: string }[]): string {
  if (logs.length === 1) return logs[0]?.text ?? '';
  return logs
    .flatMap(({ name, text }) =>
      text
        .split('\n')
        .filter((line, i, all) => line !== '' || i < all.length - 1)
        .map((line) => `[${name}] ${line}\n`),
    )
    .join('');
}
