/** The auth module's narrow entry points, for the API dispatchers, the agent endpoints and the local twins. */
export { AuthFailure, jsonAuthError, queryAuthError, type WireAuthError } from './auth-failure.js';
export { Authenticator } from './authenticator.js';
export { authorize } from './authorize.js';
export type { Principal } from './principal.js';
export { authenticateRequest, authorizeOperation, guardRequest, type RequestAuth } from './request-auth.js';
export type { SignedRequest } from './signed-request.js';
export { authenticateInstance } from './instance-auth.js';
