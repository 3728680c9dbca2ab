import type { ContainerStats } from 'dockerode';
import { describe, expect, test } from 'vitest';
import { parseContainerLabels, parseTaskLabels } from '../../../../src/agent/runtime/docker/labels.js';
import { containerLabels } from '../../../../src/agent/runtime/docker/labels.js';
import { demuxLogs } from '../../../../src/agent/runtime/docker/logs.js';
import { cpuPercent, memoryBytes } from '../../../../src/agent/runtime/docker/stats.js';
import type { TaskSpec } from '../../../../src/protocol/index.js';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('docker parsing', () => {
  test('demuxLogs joins stdout and stderr frames in order', () => {
    expect(demuxLogs(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n'), frame(1, 'more\n')]))).toBe('out\nerr\nmore\n');
  });

  test('cpu and memory like docker stats', () => {
    const stats = {
      cpu_stats: { cpu_usage: { total_usage: 3_000 }, system_cpu_usage: 20_000, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 1_000 }, system_cpu_usage: 10_000 },
      memory_stats: { usage: 10_000, stats: { total_inactive_file: 4_000 } },
    } as unknown as ContainerStats;
    expect(cpuPercent(stats)).toBeCloseTo(40);
    expect(memoryBytes(stats)).toBe(6_000);
    const v2 = { ...stats, memory_stats: { usage: 10_000, stats: { inactive_file: 1_000 } } } as unknown as ContainerStats;
    expect(memoryBytes(v2)).toBe(9_000);
  });

  test('labels round-trip the task identity and scheduling fields', () => {
    const task: TaskSpec = {
      taskArn: 'arn:t',
      taskId: 't',
      clusterName: 'c',
      family: 'f',
      revision: 7,
      networkMode: 'host',
      containers: [
        { name: 'a', image: 'i', stopTimeout: 2, essential: false, portMappings: [{ containerPort: 1, hostPort: 2, protocol: 'tcp' }] },
        { name: 'b', image: 'i' },
      ],
    };
    const labels = containerLabels(task, task.containers[0] as TaskSpec['containers'][number]);
    expect(parseTaskLabels(labels)).toEqual({
      taskArn: 'arn:t',
      taskId: 't',
      clusterName: 'c',
      family: 'f',
      revision: 7,
      networkMode: 'host',
      containerNames: ['a', 'b'],
    });
    expect(parseContainerLabels(labels, 'img')).toMatchObject({
      name: 'a',
      image: 'img',
      stopTimeout: 2,
      essential: false,
      portMappings: [{ containerPort: 1, hostPort: 2, protocol: 'tcp' }],
    });
    expect(parseTaskLabels({})).toBeUndefined();
  });
});
