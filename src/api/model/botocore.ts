/**
 * A botocore service model as scripts/trim-model.mjs writes it: metadata,
 * operations and the shapes their inputs reach (documentation removed).
 * Any AWS service's model has this form; src/api/model/compile.ts turns one
 * into what the validator walks.
 */
export interface RawShapeRef {
  shape: string;
  /** Query/XML serialization name (models trimmed with --outputs). */
  locationName?: string;
  flattened?: boolean;
}

export interface RawShape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'double' | 'float' | 'blob';
  members?: Record<string, RawShapeRef>;
  member?: RawShapeRef;
  key?: RawShapeRef;
  value?: RawShapeRef;
  required?: string[];
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  /** Exactly one member is set (e.g. CloudWatch's EvaluationCriteria). */
  union?: boolean;
  /** Free-form JSON (Smithy document type). */
  document?: boolean;
  exception?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  /** Query/XML: list or map members repeated without a wrapper element. */
  flattened?: boolean;
  timestampFormat?: string;
}

export interface RawOperation {
  input?: string;
  output?: string;
  /** Query protocol: the element wrapping the output (`<OpResult>`). */
  resultWrapper?: string;
  errors: string[];
}

export interface RawModelMetadata {
  apiVersion: string;
  /** X-Amz-Target prefix of AWS JSON services (absent for query-only services). */
  targetPrefix?: string;
  /** "1.0" or "1.1" for AWS JSON services. */
  jsonVersion?: string;
  protocol?: string;
  protocols?: string[];
  signingName?: string;
  serviceId?: string;
  endpointPrefix?: string;
  /** Query protocol: the namespace of XML answers. */
  xmlNamespace?: string;
}

export interface RawModel {
  _attribution?: string;
  metadata: RawModelMetadata;
  operations: Record<string, RawOperation>;
  shapes: Record<string, RawShape>;
}
