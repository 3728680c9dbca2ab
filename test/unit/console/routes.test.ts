import { describe, expect, it } from 'vitest';
import { pathOf, routeOf, type Route } from '../../../console/src/model/routes.js';

describe('console routes', () => {
  const routes: Route[] = [
    { page: 'clusters' },
    { page: 'cluster', cluster: 'my cluster' },
    { page: 'service', cluster: 'default', service: 'web' },
    { page: 'task', cluster: 'default', task: '0123456789abcdef0123456789abcdef' },
    { page: 'create-service', cluster: 'default' },
    { page: 'create-service', cluster: 'default', taskDefinition: 'web:2' },
    { page: 'task-definitions' },
    { page: 'family', family: 'web' },
    { page: 'revision', family: 'web', revision: 12 },
    { page: 'register' },
    { page: 'register', from: 'web:12' },
    { page: 'settings' },
  ];

  it('round-trips every page through its deep link', () => {
    for (const route of routes) {
      const url = new URL(pathOf(route), 'http://127.0.0.1:3000');
      expect(routeOf(url.pathname, url.search), pathOf(route)).toEqual(route);
    }
  });

  it('reads /console as the clusters page and anything else as not found', () => {
    expect(routeOf('/console')).toEqual({ page: 'clusters' });
    expect(routeOf('/console/clusters/a/b/c/d')).toEqual({ page: 'not-found', path: '/console/clusters/a/b/c/d' });
    expect(routeOf('/console/task-definitions/web/latest')).toMatchObject({ page: 'not-found' });
    expect(routeOf('/console/clusters/%E0%A4%A')).toMatchObject({ page: 'not-found' });
  });
});
