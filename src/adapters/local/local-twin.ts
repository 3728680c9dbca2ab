import type { HttpRequest, HttpResponse } from '../../api/http.js';

/**
 * A local twin of an AWS service that has no local version (CloudWatch, EC2
 * Auto Scaling, Elastic Load Balancing v2). `npm start` serves every twin on
 * the one local endpoint (infra/local/edge.ts routes on X-Amz-Target or the
 * query protocol's `Version`), as LocalStack serves every service on its edge
 * port. Twins are never deployed: on AWS, Berth's adapters talk to the real
 * service at its own endpoint.
 */
export interface LocalTwin {
  /** For logs and the start banner, e.g. `cloudwatch`. */
  readonly name: string;
  /** X-Amz-Target prefixes it answers (AWS JSON protocols), e.g. `GraniteServiceVersion20100801`. */
  readonly jsonTargetPrefixes?: readonly string[];
  /** Query-protocol API versions it answers (`Version=` in the form body), e.g. `2010-08-01`. */
  readonly queryVersions?: readonly string[];
  handle(req: HttpRequest): Promise<HttpResponse>;
  /** Stops timers, listeners and children the twin started. */
  stop?(): Promise<void>;
}
