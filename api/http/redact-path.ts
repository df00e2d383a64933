// What the API records of a request's path (span `url.path`, access and error log lines): decision
// link tokens, signed credentials valid for days, are replaced by a placeholder, in the path of
// `/inbox/links/{token}` and in a `link=` query parameter (the inbox page's `?link=`) on any path.
const LINK_PATH = /^(\/inbox\/links\/)[^/?#]+/;
const LINK_QUERY = /([?&]link=)[^&#]*/g;

export const REDACTED_TOKEN = '{token}';

export function redactPath(path: string): string {
  return path.replace(LINK_PATH, `$1${REDACTED_TOKEN}`).replace(LINK_QUERY, `$1${REDACTED_TOKEN}`);
}
