/**
 * CloudFormation's resource types, their properties (names, types, required,
 * allowed values) and attributes, from AWS CDK's service specification
 * (@aws-cdk/aws-service-spec, Apache-2.0: built from the CloudFormation
 * registry schemas and resource specification). Loaded once per process.
 */
import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';
import type { Property, PropertyType, SpecDatabase, TypeDefinition } from '@aws-cdk/service-spec-types';

export type { Property, PropertyType, TypeDefinition };

export interface ResourceTypeSpec {
  type: string;
  properties: Record<string, Property>;
  attributes: ReadonlySet<string>;
  /** `arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}`, where the specification knows it. */
  arnTemplate?: string;
}

export interface ResourceSpecs {
  resource(type: string): ResourceTypeSpec | undefined;
  definition(ref: { $ref: string }): TypeDefinition;
}

let loaded: Promise<ResourceSpecs> | undefined;

export function loadResourceSpecs(): Promise<ResourceSpecs> {
  loaded ??= loadAwsServiceSpec().then(fromDatabase);
  return loaded;
}

function fromDatabase(db: SpecDatabase): ResourceSpecs {
  const cache = new Map<string, ResourceTypeSpec | undefined>();
  return {
    resource(type) {
      if (!cache.has(type)) {
        const found = db.lookup('resource', 'cloudFormationType', 'equals', type);
        const r = found.length === 1 ? found[0] : undefined;
        cache.set(
          type,
          r && { type, properties: r.properties, attributes: new Set(Object.keys(r.attributes)), arnTemplate: r.arnTemplate },
        );
      }
      return cache.get(type);
    },
    definition: (ref) => db.get('typeDefinition', ref.$ref),
  };
}
