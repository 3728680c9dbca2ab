import { listClusters } from '../api/ecs.js';
import { Badge, Empty, Polled, THead } from '../ui/components.js';
import { Link } from '../ui/router.js';
import { usePoll } from '../ui/use-poll.js';

export function ClustersPage() {
  const poll = usePoll(listClusters, []);
  return (
    <section>
      <h1>Clusters</h1>
      <Polled poll={poll} what="clusters">
        {(clusters) =>
          clusters.length === 0 ? (
            <Empty>
              No clusters yet. Create one with <code>aws ecs create-cluster --cluster-name NAME</code>, then start an agent in it.
            </Empty>
          ) : (
            <table>
              <caption class="sr-only">Clusters with their counts</caption>
              <THead
                columns={[
                  'Cluster',
                  'Status',
                  { label: 'Container instances', num: true },
                  { label: 'Services', num: true },
                  { label: 'Running tasks', num: true },
                  { label: 'Pending tasks', num: true },
                ]}
              />
              <tbody>
                {clusters.map((c) => (
                  <tr key={c.clusterArn}>
                    <th scope="row">
                      <Link to={{ page: 'cluster', cluster: c.clusterName! }}>{c.clusterName}</Link>
                    </th>
                    <td>
                      <Badge value={c.status} />
                    </td>
                    <td class="num">{c.registeredContainerInstancesCount ?? 0}</td>
                    <td class="num">{c.activeServicesCount ?? 0}</td>
                    <td class="num">{c.runningTasksCount ?? 0}</td>
                    <td class="num">{c.pendingTasksCount ?? 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Polled>
    </section>
  );
}
