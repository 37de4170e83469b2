/**
 * Why a push endpoint cannot be used, or null when it can: an absolute https URL (http only when
 * DELIVERY_ALLOW_HTTP_ENDPOINTS=true, for tests and local runs) and a secret to sign with.
 */
export function endpointProblem(
  endpoint: string | null | undefined,
  secret: string | null | undefined,
  allowHttp: boolean,
): string | null {
  if (!endpoint) return 'no push endpoint is known for the agency';
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'the push endpoint is not a valid URL';
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    return `the push endpoint must use https, not ${url.protocol.replace(/:$/, '')}`;
  }
  if (url.username || url.password) return 'the push endpoint must not carry credentials';
  if (!secret) return 'no signing secret is registered for the agency';
  return null;
}
