import rawModel from '../../../api/model/elbv2.json' with { type: 'json' };
import type { RawModel } from '../../../api/model/botocore.js';
import { compileModel } from '../../../api/model/compile.js';
import { modelError } from '../../../api/query/handle-query.js';
import { EcsError } from '../../../domain/errors.js';

/** The Elastic Load Balancing v2 model (botocore, see src/api/model/NOTICE): shapes, enums and error codes. */
export const elbv2Model = rawModel as unknown as RawModel;
/** The same model compiled for request validation. */
export const elbv2Compiled = compileModel(elbv2Model);

type ExceptionShape =
  | 'DuplicateLoadBalancerNameException'
  | 'DuplicateTargetGroupNameException'
  | 'DuplicateListenerException'
  | 'DuplicateTagKeysException'
  | 'LoadBalancerNotFoundException'
  | 'TargetGroupNotFoundException'
  | 'ListenerNotFoundException'
  | 'InvalidConfigurationRequestException'
  | 'InvalidTargetException'
  | 'ResourceInUseException'
  | 'OperationNotPermittedException'
  | 'TargetGroupAssociationLimitException'
  | 'TooManyLoadBalancersException'
  | 'TooManyTargetGroupsException'
  | 'TooManyListenersException'
  | 'TooManyTargetsException'
  | 'TooManyTagsException'
  | 'UnsupportedProtocolException'
  | 'InvalidLoadBalancerActionException'
  | 'IncompatibleProtocolsException';

/** A typed ELB error with the wire code the model gives the exception (TargetGroupNotFoundException → TargetGroupNotFound). */
export const elbError = (shape: ExceptionShape, message: string): EcsError => modelError(elbv2Model, shape, message);

/** ELB's answer to a malformed or out-of-range parameter. */
export const validationError = (message: string): EcsError => new EcsError('ValidationError', message);

/** An input Berth's local load balancer does not act on: refused, never stored and ignored. */
export const unsupported = (message: string): EcsError => elbError('InvalidConfigurationRequestException', message);
