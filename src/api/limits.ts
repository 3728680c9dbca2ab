import { MAX_POLL_REQUEST_BYTES } from '../protocol/index.js';
import type { BodyLimits } from './json-body.js';

/**
 * The caps every request meets before any work is done, each with where its
 * number comes from. They live in the deployed code (the API functions), not
 * in the local stack: API Gateway's own 10 MB payload limit and Lambda's 6 MB
 * invocation limit are far above what a valid request needs, and a request
 * that passes them must still not cost more than a valid one.
 */

/**
 * Nesting: the deepest valid ECS input nests 9 objects and lists
 * (CreateService.serviceConnectConfiguration.services[].clientAliases[]
 * .testTrafficRules.header.value); Application Auto Scaling's and
 * CloudWatch's are shallower (compileModel computes `maxInputDepth`; a unit
 * test keeps every reference model under this cap). 32 leaves room for model growth
 * and refuses the 10,000-deep documents that overflowed the stack.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * AWS JSON APIs (ECS today; Application Auto Scaling and the CloudWatch twin
 * next). AWS documents no request size limit for ECS besides the task
 * definition's 64 KiB (see ecs-quotas.ts); the largest valid ECS requests under
 * its documented quotas are below 100 KB (a 64 KiB task definition plus 50
 * tags of 128 + 256 characters, or RegisterContainerInstance with its
 * attributes and 50 tags). 256 KiB keeps every valid request and bounds the
 * parse and validation work of an invalid one to a few milliseconds.
 */
export const AWS_JSON_LIMITS: BodyLimits = { maxBytes: 256 * 1024, maxDepth: MAX_JSON_DEPTH };

/**
 * The agent poll (docs/agent-protocol.md). A `full` poll reports every task
 * on the host: about 1 KB per task with a few containers, so 1 MiB covers
 * roughly a thousand tasks on one instance. The body nests 7 levels
 * (poll → reports → report → containers → container → networkBindings →
 * binding): 16 leaves room for the protocol to grow. No string in a poll
 * (ARNs, names, reasons, runtime ids) needs more than a few hundred
 * characters: 8 KiB refuses megabyte strings before they become keys.
 */
export const AGENT_POLL_LIMITS: BodyLimits = { maxBytes: MAX_POLL_REQUEST_BYTES, maxDepth: 16, maxStringLength: 8 * 1024 };

/**
 * A request must be answered before the Lambda timeout (29 s in
 * serverless.yml, under API Gateway's 30 s integration limit): a use case
 * still running this close to it is answered with ServerException, never
 * left to become a platform timeout (serverless-offline answers those with a
 * 200 carrying its stack trace; API Gateway with a bare 503).
 */
export const DEADLINE_MARGIN_MS = 1_500;
/** When the runtime does not say how long is left (tests, local twins). */
export const DEFAULT_DEADLINE_MS = 25_000;
