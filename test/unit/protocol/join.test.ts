import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJoinResponse } from '../../../src/protocol/index.js';
import { refusal, refusesOnlyCleanly } from './parser-checks.js';

const arn = 'arn:aws:ecs:us-east-1:000000000000:container-instance/default/0123456789abcdef0123456789abcdef';
const answer = {
  containerInstance: { containerInstanceArn: arn, status: 'ACTIVE', remainingResources: [], agentConnected: true },
  credentials: { accessKeyId: 'BKIIEXAMPLEEXAMPLE00', secretAccessKey: 'secret' },
};

describe('parseJoinResponse', () => {
  it('keeps the ARN and the key, whatever else ECS says about the instance', () => {
    expect(parseJoinResponse(answer)).toEqual({ containerInstanceArn: arn, credentials: answer.credentials });
  });

  it('refuses an answer without the ARN or the key, naming the member', () => {
    expect(refusal(parseJoinResponse, { ...answer, containerInstance: {} })).toBe(
      'join.containerInstance.containerInstanceArn must be a string',
    );
    expect(refusal(parseJoinResponse, { ...answer, credentials: { accessKeyId: 'BKII' } })).toBe(
      'join.credentials.secretAccessKey must be a string',
    );
    expect(refusal(parseJoinResponse, { ...answer, credentials: { ...answer.credentials, sessionToken: 'x' } })).toBe(
      'join.credentials.sessionToken is not a member of this message',
    );
    expect(refusal(parseJoinResponse, { ...answer, containerInstance: [] })).toBe('join.containerInstance must be an object');
  });

  it('never throws anything but InvalidMessageError, whatever JSON it is given', () => {
    refusesOnlyCleanly(
      parseJoinResponse,
      fc.oneof(fc.jsonValue(), fc.record({ containerInstance: fc.jsonValue(), credentials: fc.jsonValue() })),
    );
  });
});
