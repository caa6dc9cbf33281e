/** Exponential backoff for retried messages and process steps: 10 s, 20 s, 40 s, ... at most 5 minutes. */
export const retryDelaySeconds = (attempts: number) =>
  Math.min(300, 10 * 2 ** Math.max(0, attempts - 1));
