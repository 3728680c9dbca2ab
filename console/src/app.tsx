/** The console's frame: navigation, who requests are signed as, and the page for the current URL. */
import { useEffect, useState } from 'preact/hooks';
import { loadSettings, SETTINGS_CHANGED } from './api/credentials.js';
import type { Route } from './model/routes.js';
import { ClusterPage } from './pages/cluster.js';
import { ClustersPage } from './pages/clusters.js';
import { CreateServicePage } from './pages/create-service.js';
import { ServicePage } from './pages/service.js';
import { SettingsPage } from './pages/settings.js';
import { TaskPage } from './pages/task.js';
import { FamilyPage, RegisterPage, RevisionPage, TaskDefinitionsPage } from './pages/task-definitions.js';
import { Link, useRoute } from './ui/router.js';

function title(r: Route): string {
  switch (r.page) {
    case 'clusters':
      return 'Clusters';
    case 'cluster':
      return `Cluster ${r.cluster}`;
    case 'service':
      return `Service ${r.service}`;
    case 'task':
      return `Task ${r.task}`;
    case 'create-service':
      return 'Create service';
    case 'task-definitions':
      return 'Task definitions';
    case 'family':
      return `Task definition ${r.family}`;
    case 'revision':
      return `Task definition ${r.family}:${r.revision}`;
    case 'register':
      return 'Register task definition';
    case 'settings':
      return 'Settings';
    case 'not-found':
      return 'Not found';
  }
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'clusters':
      return <ClustersPage />;
    case 'cluster':
      return <ClusterPage cluster={route.cluster} />;
    case 'service':
      return <ServicePage cluster={route.cluster} service={route.service} />;
    case 'task':
      return <TaskPage cluster={route.cluster} task={route.task} />;
    case 'create-service':
      return <CreateServicePage cluster={route.cluster} taskDefinition={route.taskDefinition} />;
    case 'task-definitions':
      return <TaskDefinitionsPage />;
    case 'family':
      return <FamilyPage family={route.family} />;
    case 'revision':
      return <RevisionPage family={route.family} revision={route.revision} />;
    case 'register':
      return <RegisterPage from={route.from} />;
    case 'settings':
      return <SettingsPage />;
    case 'not-found':
      return (
        <section>
          <h1>Not found</h1>
          <p>
            The console has no page at <code>{route.path}</code>. <Link to={{ page: 'clusters' }}>Go to the clusters.</Link>
          </p>
        </section>
      );
  }
}

export function App() {
  const route = useRoute();
  const [settings, setSettings] = useState(loadSettings);
  useEffect(() => {
    const update = () => setSettings(loadSettings());
    window.addEventListener(SETTINGS_CHANGED, update);
    return () => window.removeEventListener(SETTINGS_CHANGED, update);
  }, []);
  useEffect(() => {
    document.title = `${title(route)} · Berth`;
    // Move focus to the new page's heading, so keyboard and screen-reader users land on it.
    const heading = document.querySelector<HTMLElement>('main h1');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus({ preventScroll: true });
  }, [route]);
  const section =
    route.page === 'task-definitions' || route.page === 'family' || route.page === 'revision' || route.page === 'register'
      ? 'taskdefs'
      : route.page === 'settings'
        ? 'settings'
        : 'clusters';
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link to={{ page: 'clusters' }} class="brand">
          Berth
        </Link>
        <nav aria-label="Main">
          <Link to={{ page: 'clusters' }} aria-current={section === 'clusters' ? 'page' : undefined}>
            Clusters
          </Link>
          <Link to={{ page: 'task-definitions' }} aria-current={section === 'taskdefs' ? 'page' : undefined}>
            Task definitions
          </Link>
          <Link to={{ page: 'settings' }} aria-current={section === 'settings' ? 'page' : undefined}>
            Settings
          </Link>
        </nav>
        <span class="identity" title={`Requests go to ${settings.endpoint}, signed with SigV4`}>
          {settings.accessKeyId} · {settings.region}
        </span>
      </header>
      <main id="main">
        <Page route={route} />
      </main>
    </>
  );
}
