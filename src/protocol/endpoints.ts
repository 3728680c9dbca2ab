/**
 * Where the messages travel today: JSON over HTTPS on the control plane's
 * agent endpoint (DiscoverPollEndpoint's answer), SigV4-signed (service `ecs`)
 * with the instance's own key, except the join, which carries the join token
 * as a bearer token and answers with that key.
 */
export const AGENT_CONTENT_TYPE = 'application/json';
/** PollRequest → PollResponse. */
export const POLL_PATH = '/agent/v1/poll';
/** A RegisterContainerInstance request → the instance and its own credentials. */
export const REGISTER_PATH = '/agent/v1/register';
