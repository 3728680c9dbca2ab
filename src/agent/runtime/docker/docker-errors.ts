/** Helpers to classify dockerode errors by the Engine's HTTP status. */
export function statusCodeOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null) {
    const code = (err as { statusCode?: unknown }).statusCode;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

export const isNotFound = (err: unknown): boolean => statusCodeOf(err) === 404;

/** 304: the Engine's answer to starting a started / stopping a stopped container. */
export const isNotModified = (err: unknown): boolean => statusCodeOf(err) === 304;
