import { describe, expect, it } from 'vitest';
import {
  channelPollId,
  InvalidMessageError,
  MAX_CHANNEL_FRAME_BYTES,
  parseChannelFrame,
  parseChannelMessage,
} from '../../../src/protocol/index.js';

const poll = { cluster: 'c', containerInstanceArn: 'arn:aws:ecs:us-east-1:000000000000:container-instance/c/abc' };
const refused = (f: () => unknown, path: RegExp) => {
  expect(f).toThrow(InvalidMessageError);
  expect(f).toThrow(path);
};

describe('parseChannelMessage (agent → control plane)', () => {
  it('reads a poll frame and a beat', () => {
    expect(parseChannelMessage(JSON.stringify({ action: 'poll', id: 7, poll }))).toEqual({ action: 'poll', id: 7, poll });
    expect(parseChannelMessage('{"action":"beat"}')).toEqual({ action: 'beat' });
  });

  it('refuses what is not a frame of the protocol, naming the member', () => {
    refused(() => parseChannelMessage('not json'), /frame must be JSON/);
    refused(() => parseChannelMessage('[]'), /action must be one of poll, beat/);
    refused(() => parseChannelMessage('{"action":"sendmessage"}'), /action must be one of/);
    refused(() => parseChannelMessage('{"action":"beat","x":1}'), /x is not a member/);
    refused(() => parseChannelMessage(JSON.stringify({ action: 'poll', id: -1, poll })), /id must be between/);
    refused(
      () => parseChannelMessage(JSON.stringify({ action: 'poll', id: 1, poll: { ...poll, reports: 'x' } })),
      /reports must be a list/,
    );
    refused(() => parseChannelMessage(JSON.stringify({ action: 'poll', id: 1 })), /poll must be an object/);
  });

  it('refuses a frame past API Gateway’s message size before parsing it', () => {
    const big = JSON.stringify({ action: 'beat', pad: 'x'.repeat(MAX_CHANNEL_FRAME_BYTES) });
    refused(() => parseChannelMessage(big), /frame must be at most/);
  });

  it('finds the id of a refused poll so the error frame can name it', () => {
    expect(channelPollId('{"action":"poll","id":12,"poll":3}')).toBe(12);
    expect(channelPollId('{"id":"12"}')).toBeUndefined();
    expect(channelPollId('garbage')).toBeUndefined();
  });
});

describe('parseChannelFrame (control plane → agent)', () => {
  it('reads answers, errors and wake-ups', () => {
    const response = { pollIntervalMs: 24000, tasks: [], acknowledged: [], unknown: [] };
    expect(parseChannelFrame(JSON.stringify({ type: 'poll-response', id: 3, response }))).toEqual({
      type: 'poll-response',
      id: 3,
      response,
    });
    expect(parseChannelFrame('{"type":"error","code":"X","message":"m"}')).toEqual({ type: 'error', code: 'X', message: 'm' });
    expect(parseChannelFrame('{"type":"wake","taskArns":["a","b"]}')).toEqual({ type: 'wake', taskArns: ['a', 'b'] });
  });

  it('reads a wake carrying the run assignments of the placements it names', () => {
    const spec = { taskArn: 'a', taskId: 'a', clusterName: 'c', family: 'f', revision: 1, containers: [{ name: 'x', image: 'i' }] };
    const run = { taskArn: 'a', desiredStatus: 'RUNNING', spec };
    expect(parseChannelFrame(JSON.stringify({ type: 'wake', taskArns: ['a', 'b'], tasks: [run] }))).toEqual({
      type: 'wake',
      taskArns: ['a', 'b'],
      tasks: [run],
    });
    refused(
      () => parseChannelFrame(JSON.stringify({ type: 'wake', taskArns: ['b'], tasks: [run] })),
      /tasks\[0\]\.taskArn must be one of taskArns/,
    );
    refused(
      () => parseChannelFrame(JSON.stringify({ type: 'wake', taskArns: ['a'], tasks: [{ taskArn: 'a', desiredStatus: 'STOPPED' }] })),
      /tasks\[0\]\.desiredStatus must be RUNNING/,
    );
    refused(() => parseChannelFrame(JSON.stringify({ type: 'wake', taskArns: ['a'], tasks: [run, run] })), /tasks\[1\] repeats a taskArn/);
    refused(
      () => parseChannelFrame(JSON.stringify({ type: 'wake', taskArns: ['a'], tasks: [{ ...run, spec: { ...spec, taskArn: 'z' } }] })),
      /tasks\[0\]\.spec\.taskArn must be the assignment taskArn/,
    );
  });

  it('refuses anything else', () => {
    refused(() => parseChannelFrame('{"message":"Internal server error"}'), /type must be one of/);
    refused(() => parseChannelFrame('{"type":"wake","taskArns":[1]}'), /taskArns\[0\] must be a string/);
    refused(() => parseChannelFrame('{"type":"poll-response","id":1,"response":{"tasks":[]}}'), /response/);
  });
});
