/**
 * A value built once, on first use: an SDK client after the environment is complete, or what the
 * classifier reads from a whole mail only when a sentence needs it.
 */
export function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
