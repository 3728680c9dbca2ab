import { describe, expect, it } from 'vitest';
import elbv2 from '../../../src/api/model/elbv2.json' with { type: 'json' };
import cloudwatch from '../../../src/api/model/cloudwatch.json' with { type: 'json' };
import type { RawModel } from '../../../src/api/model/botocore.js';
import { compileModel } from '../../../src/api/model/compile.js';
import { decodeQuery, QueryDecodeError } from '../../../src/api/query/decode-query.js';
import { encodeQueryError, encodeQueryResponse } from '../../../src/api/query/encode-xml.js';
import { handleQuery, modelError } from '../../../src/api/query/handle-query.js';

const elb = elbv2 as unknown as RawModel;
const cw = cloudwatch as unknown as RawModel;
const form = (s: string) => [...new URLSearchParams(s)];

describe('query protocol: decoding (botocore QuerySerializer shapes)', () => {
  it('decodes lists of structures, integers and scalars by serialization name', () => {
    const input = decodeQuery(
      elb,
      'RegisterTargetsInput',
      form('TargetGroupArn=arn%3Atg&Targets.member.2.Id=i-2&Targets.member.1.Id=i-1&Targets.member.1.Port=8080'),
    );
    expect(input).toEqual({ TargetGroupArn: 'arn:tg', Targets: [{ Id: 'i-1', Port: 8080 }, { Id: 'i-2' }] });
  });

  it('decodes an empty list, booleans, doubles and timestamps (as epoch seconds)', () => {
    const input = decodeQuery(
      cw,
      'PutMetricAlarmInput',
      form(
        'AlarmName=a&ActionsEnabled=false&Threshold=50.5&AlarmActions=&EvaluationPeriods=3&Dimensions.member.1.Name=ClusterName&Dimensions.member.1.Value=default',
      ),
    );
    expect(input).toMatchObject({ AlarmName: 'a', ActionsEnabled: false, Threshold: 50.5, AlarmActions: [], EvaluationPeriods: 3 });
    expect(input.Dimensions).toEqual([{ Name: 'ClusterName', Value: 'default' }]);
    const stats = decodeQuery(cw, 'GetMetricStatisticsInput', form('StartTime=2026-11-30T10%3A00%3A00Z&EndTime=1796040000'));
    expect(stats).toMatchObject({ StartTime: Date.parse('2026-11-30T10:00:00Z') / 1000, EndTime: 1796040000 });
  });

  it('decodes maps as entry.N.key/value, with harmless prototype names', () => {
    const input = decodeQuery(
      elb,
      'ModifyTargetGroupAttributesInput',
      form('TargetGroupArn=x&Attributes.member.1.Key=deregistration_delay.timeout_seconds&Attributes.member.1.Value=5'),
    );
    expect(input).toEqual({ TargetGroupArn: 'x', Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }] });
  });

  it('refuses a malformed number, boolean or list index, naming the parameter', () => {
    expect(() => decodeQuery(cw, 'PutMetricAlarmInput', form('EvaluationPeriods=3x'))).toThrow(QueryDecodeError);
    expect(() => decodeQuery(cw, 'PutMetricAlarmInput', form('Threshold=NaN'))).toThrow(/Threshold/);
    expect(() => decodeQuery(cw, 'PutMetricAlarmInput', form('ActionsEnabled=yes'))).toThrow(/ActionsEnabled/);
    expect(() => decodeQuery(elb, 'RegisterTargetsInput', form('Targets.member.0.Id=i'))).toThrow(/index/);
  });
});

describe('query protocol: XML answers (botocore QueryParser shapes)', () => {
  it('wraps the result, lists members and formats timestamps', () => {
    const xml = encodeQueryResponse(
      cw,
      'DescribeAlarms',
      { MetricAlarms: [{ AlarmName: 'a<b', StateUpdatedTimestamp: 1796040000, Dimensions: [{ Name: 'N', Value: 'V' }] }] },
      'req-1',
    );
    expect(xml).toBe(
      '<DescribeAlarmsResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><DescribeAlarmsResult><MetricAlarms><member>' +
        '<AlarmName>a&lt;b</AlarmName><StateUpdatedTimestamp>2026-11-30T12:00:00.000Z</StateUpdatedTimestamp>' +
        '<Dimensions><member><Name>N</Name><Value>V</Value></member></Dimensions></member></MetricAlarms></DescribeAlarmsResult>' +
        '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></DescribeAlarmsResponse>',
    );
  });

  it('answers errors with the code the model gives the exception', () => {
    const err = modelError(elb, 'TargetGroupNotFoundException', 'One or more target groups not found');
    expect(err.code).toBe('TargetGroupNotFound');
    expect(encodeQueryError(elb, err.code, err.message, 'r')).toContain('<Code>TargetGroupNotFound</Code>');
  });
});

describe('query protocol: dispatch', () => {
  const service = {
    model: elb,
    operations: new Map([
      ['DescribeTargetGroups', async (input: any) => ({ TargetGroups: [{ TargetGroupName: input.Names?.[0] ?? 'all' }] })],
    ]),
    compiled: compileModel(elb),
    refusals: { serialization: 'ValidationError', validation: 'ValidationError', quota: 'ValidationError', 'too-large': 'ValidationError' },
  };
  const log = { error: () => {}, info: () => {} };
  const call = (body: string) => handleQuery({ headers: {}, body }, service, undefined, log);

  it('answers a known action', async () => {
    const res = await call('Action=DescribeTargetGroups&Version=2015-12-01&Names.member.1=web');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<TargetGroupName>web</TargetGroupName>');
  });

  it('refuses unknown or prototype-named actions and a wrong version', async () => {
    for (const action of ['Nope', 'toString', 'constructor', '__proto__', 'CreateLoadBalancer']) {
      const res = await call(`Action=${action}&Version=2015-12-01`);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('<Code>InvalidAction</Code>');
    }
    expect((await call('Action=DescribeTargetGroups&Version=2010-08-01')).body).toContain('InvalidParameterValue');
  });

  it('validates the decoded input against the model', async () => {
    const res = await call('Action=DescribeTargetGroups&Version=2015-12-01&PageSize=0');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<Code>ValidationError</Code>');
    expect(res.body).toContain('PageSize');
  });
});
