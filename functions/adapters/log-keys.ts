import { AsyncLocalStorage } from 'node:async_hooks';

type Keys = Record<string, string | number | boolean | undefined | null>;

/**
 * An invocation's correlation keys (function, Lambda request id, the desk's request id), which the
 * logger adds to every line. Kept per async context rather than on the shared logger: on Lambda
 * that is the same thing, while the local stack runs many functions' invocations at once in one
 * process, and each line must still name its own. Apart from the logger, so a handler that sets
 * keys but never logs does not carry the logger in its bundle.
 */
export const invocationKeys = new AsyncLocalStorage<Keys>();

/** Runs `work` with correlation keys on every line it logs (ids only, never personal data). */
export function withLogKeys<T>(keys: Keys, work: () => Promise<T>): Promise<T> {
  return invocationKeys.run({ ...invocationKeys.getStore(), ...keys }, work);
}
