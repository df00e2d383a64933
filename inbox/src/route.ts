// Hash routes of the page (the API serves one HTML file): `#/` waiting for me, `#/submissions`,
// `#/tasks/{agentId}/{taskId}` with an optional `?link=<token>` from a signed decision link.
export type Route =
  | { page: 'waiting' }
  | { page: 'submissions' }
  | { page: 'task'; agentId: string; taskId: string; link?: string };

export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (segments[0] === 'tasks' && segments.length === 3) {
    const link = new URLSearchParams(query).get('link') ?? undefined;
    return { page: 'task', agentId: segments[1], taskId: segments[2], ...(link ? { link } : {}) };
  }
  if (segments[0] === 'submissions') return { page: 'submissions' };
  return { page: 'waiting' };
}

export const taskHref = (agentId: string, taskId: string) => `#/tasks/${encodeURIComponent(agentId)}/${encodeURIComponent(taskId)}`;
