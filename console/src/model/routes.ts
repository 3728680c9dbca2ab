/** The console's pages and their paths under /console/ (deep links, the back button). */
export const BASE = '/console/';

export type Route =
  | { page: 'clusters' }
  | { page: 'cluster'; cluster: string }
  | { page: 'service'; cluster: string; service: string }
  | { page: 'task'; cluster: string; task: string }
  | { page: 'create-service'; cluster: string; taskDefinition?: string }
  | { page: 'task-definitions' }
  | { page: 'family'; family: string }
  | { page: 'revision'; family: string; revision: number }
  | { page: 'register'; from?: string }
  | { page: 'settings' }
  | { page: 'not-found'; path: string };

const seg = (s: string) => encodeURIComponent(s);

export function pathOf(r: Route): string {
  switch (r.page) {
    case 'clusters':
      return BASE;
    case 'cluster':
      return `${BASE}clusters/${seg(r.cluster)}`;
    case 'service':
      return `${BASE}clusters/${seg(r.cluster)}/services/${seg(r.service)}`;
    case 'task':
      return `${BASE}clusters/${seg(r.cluster)}/tasks/${seg(r.task)}`;
    case 'create-service':
      return `${BASE}clusters/${seg(r.cluster)}/create-service${r.taskDefinition ? `?taskDefinition=${seg(r.taskDefinition)}` : ''}`;
    case 'task-definitions':
      return `${BASE}task-definitions`;
    case 'family':
      return `${BASE}task-definitions/${seg(r.family)}`;
    case 'revision':
      return `${BASE}task-definitions/${seg(r.family)}/${r.revision}`;
    case 'register':
      return `${BASE}register-task-definition${r.from ? `?from=${seg(r.from)}` : ''}`;
    case 'settings':
      return `${BASE}settings`;
    case 'not-found':
      return r.path;
  }
}

/** A location's path and query → the page it shows. */
export function routeOf(pathname: string, search = ''): Route {
  const query = new URLSearchParams(search);
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname === '/console' ? '' : null;
  if (rest === null) return { page: 'not-found', path: pathname };
  let parts: string[];
  try {
    parts = rest.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return { page: 'not-found', path: pathname };
  }
  const [a, b, c, d] = parts;
  if (parts.length === 0) return { page: 'clusters' };
  if (a === 'clusters' && parts.length === 2) return { page: 'cluster', cluster: b };
  if (a === 'clusters' && parts.length === 4 && c === 'services') return { page: 'service', cluster: b, service: d };
  if (a === 'clusters' && parts.length === 4 && c === 'tasks') return { page: 'task', cluster: b, task: d };
  if (a === 'clusters' && parts.length === 3 && c === 'create-service')
    return { page: 'create-service', cluster: b, ...(query.get('taskDefinition') ? { taskDefinition: query.get('taskDefinition')! } : {}) };
  if (a === 'task-definitions' && parts.length === 1) return { page: 'task-definitions' };
  if (a === 'task-definitions' && parts.length === 2) return { page: 'family', family: b };
  if (a === 'task-definitions' && parts.length === 3 && /^\d+$/.test(c)) return { page: 'revision', family: b, revision: Number(c) };
  if (a === 'register-task-definition' && parts.length === 1)
    return { page: 'register', ...(query.get('from') ? { from: query.get('from')! } : {}) };
  if (a === 'settings' && parts.length === 1) return { page: 'settings' };
  return { page: 'not-found', path: pathname };
}
