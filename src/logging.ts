/** One JSON line per event: CloudWatch Logs Insights and `jq` read it as is. */
export function jsonLogger(component: string) {
  const write = (level: string, message: string, detail: Record<string, unknown> = {}) =>
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, component, message, ...detail })}\n`);
  return {
    info: (message: string, detail?: Record<string, unknown>) => write('info', message, detail),
    warn: (message: string, detail?: Record<string, unknown>) => write('warn', message, detail),
    error: (message: string, detail?: Record<string, unknown>) => write('error', message, detail),
  };
}
