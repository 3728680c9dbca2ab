/** A service's scalable target, policies (with their alarms' states) and recent scaling activities. */
import type { ScalingPolicy, ServiceScaling } from '../api/scaling.js';
import { ago, isoTime } from '../model/format.js';
import { Badge, Empty, Facts, THead } from './components.js';

function policySummary(p: ScalingPolicy): string {
  const tt = p.TargetTrackingScalingPolicyConfiguration;
  if (tt) {
    const metric =
      tt.PredefinedMetricSpecification?.PredefinedMetricType ?? tt.CustomizedMetricSpecification?.MetricName ?? 'custom metric';
    const cooldowns = [
      tt.ScaleOutCooldown !== undefined ? `scale-out cooldown ${tt.ScaleOutCooldown} s` : '',
      tt.ScaleInCooldown !== undefined ? `scale-in cooldown ${tt.ScaleInCooldown} s` : '',
      tt.DisableScaleIn ? 'scale-in disabled' : '',
    ].filter(Boolean);
    return `keep ${metric} at ${tt.TargetValue}${cooldowns.length ? ` (${cooldowns.join(', ')})` : ''}`;
  }
  const step = p.StepScalingPolicyConfiguration;
  if (step) {
    const steps = (step.StepAdjustments ?? []).map(
      (s) =>
        `[${s.MetricIntervalLowerBound ?? '−∞'}, ${s.MetricIntervalUpperBound ?? '+∞'}) → ${(s.ScalingAdjustment ?? 0) > 0 ? '+' : ''}${s.ScalingAdjustment}`,
    );
    return `${step.AdjustmentType}: ${steps.join('; ')}${step.Cooldown !== undefined ? `, cooldown ${step.Cooldown} s` : ''}`;
  }
  return p.PolicyType ?? '';
}

export function ScalingSection({ scaling }: { scaling: ServiceScaling }) {
  const { target, policies, activities, alarms } = scaling;
  if (!target) return <Empty>This service has no scalable target: its desired count changes only when someone changes it.</Empty>;
  const alarmState = new Map(alarms.map((a) => [a.AlarmName, a.StateValue]));
  const suspended = target.SuspendedState;
  return (
    <>
      <Facts
        items={[
          ['Minimum tasks', target.MinCapacity],
          ['Maximum tasks', target.MaxCapacity],
          [
            'Suspended',
            [
              suspended?.DynamicScalingInSuspended && 'scale-in',
              suspended?.DynamicScalingOutSuspended && 'scale-out',
              suspended?.ScheduledScalingSuspended && 'scheduled',
            ]
              .filter(Boolean)
              .join(', ') || 'nothing',
          ],
        ]}
      />
      <h3>Scaling policies</h3>
      {policies.length === 0 ? (
        <Empty>No scaling policies.</Empty>
      ) : (
        <table>
          <THead columns={['Policy', 'Type', 'Rule', 'Alarms']} />
          <tbody>
            {policies.map((p) => (
              <tr key={p.PolicyARN}>
                <th scope="row">{p.PolicyName}</th>
                <td>{p.PolicyType}</td>
                <td>{policySummary(p)}</td>
                <td>
                  <ul class="plain">
                    {(p.Alarms ?? []).map((a) => (
                      <li key={a.AlarmARN}>
                        {a.AlarmName} <Badge value={alarmState.get(a.AlarmName) ?? 'UNKNOWN'} />
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Scaling activities</h3>
      {activities.length === 0 ? (
        <Empty>No scaling activities yet.</Empty>
      ) : (
        <ol class="events">
          {activities.map((a) => (
            <li key={a.ActivityId}>
              <time dateTime={isoTime(a.StartTime)} title={isoTime(a.StartTime)}>
                {ago(a.StartTime, Date.now() / 1000)}
              </time>
              <span>
                <Badge value={a.StatusCode} /> {a.Description}
                <div class="small muted">{a.Cause}</div>
                {a.StatusMessage && <div class="small muted">{a.StatusMessage}</div>}
              </span>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
