/**
 * The only place that knows about endpoints: `*_ENDPOINT` variables point a client at a stand-in
 * (the local stack sets them); unset, the SDK resolves the real AWS endpoint. Handlers never know
 * which one they talk to. One module per client, so a bundle carries only the clients it uses.
 */
export function endpointOf(name: string): { endpoint?: string } {
  const endpoint = process.env[name];
  return endpoint ? { endpoint } : {};
}
