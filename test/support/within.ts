/** Polls `probe` until it answers something other than undefined, failing after `timeoutMs`: a bounded wait for a condition, never a sleep to wait out a timer. */
export async function within<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, pollMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
