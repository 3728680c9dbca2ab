import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ecsModel, ecsService } from '../../../src/api/ecs/ecs-service.js';
import { MAX_JSON_DEPTH } from '../../../src/api/limits.js';
import type { RawModel } from '../../../src/api/model/botocore.js';
import { compileModel } from '../../../src/api/model/compile.js';
// @ts-expect-error: a plain ES module script without type declarations
import { trimModel } from '../../../scripts/trim-model.mjs';

/** shared/ sits beside the repository (CI's clone) or at the workplace root. */
const referenceDir = ['../shared/reference', '../../shared/reference', '/work/shared/reference'].find((d) => existsSync(d));

describe('service models', () => {
  it('ECS: every served operation is in the model, the target prefix and content type come from it', () => {
    expect(ecsService.targetPrefix).toBe('AmazonEC2ContainerServiceV20141113');
    expect(ecsService.contentType).toBe('application/x-amz-json-1.1');
    for (const op of ecsService.operations.keys()) expect(ecsModel.operations.get(op)?.input).toBeDefined();
  });

  it('ECS: the depth cap is above the deepest valid input', () => {
    expect(ecsModel.maxInputDepth).toBe(9);
    expect(ecsModel.maxInputDepth).toBeLessThan(MAX_JSON_DEPTH);
  });

  it('operation tables are Maps: prototype names find nothing', () => {
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', '__defineSetter__', 'valueOf']) {
      expect(ecsService.operations.get(name)).toBeUndefined();
      expect(ecsModel.operations.get(name)).toBeUndefined();
    }
  });

  it('refuses a quota that names no member', () => {
    const raw = { metadata: { apiVersion: '1' }, operations: {}, shapes: {} } as RawModel;
    expect(() => compileModel(raw, { 'Nope.member': { max: 1, source: 'x' } })).toThrow(/Nope.member/);
  });

  it.runIf(referenceDir)('every reference model trims and compiles (all patterns linear-time), under the depth cap', () => {
    const services = readdirSync(referenceDir!).filter((d) => existsSync(join(referenceDir!, d, 'service-2.json')));
    expect(services).toEqual(expect.arrayContaining(['ecs', 'application-autoscaling', 'cloudwatch']));
    for (const s of services) {
      const trimmed = trimModel(JSON.parse(readFileSync(join(referenceDir!, s, 'service-2.json'), 'utf8')), { source: 'test' }) as RawModel;
      const model = compileModel(trimmed);
      expect(model.operations.size, s).toBeGreaterThan(0);
      expect(model.maxInputDepth, s).toBeLessThan(MAX_JSON_DEPTH);
    }
  });
});
