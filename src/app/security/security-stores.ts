import type { ArnContext } from '../../domain/arn.js';
import type { Clock } from '../../ports/clock.js';
import type { CredentialStore } from '../../ports/credential-store.js';
import type { JoinTokenStore } from '../../ports/join-token-store.js';
import type { SecretCipher } from '../../ports/secret-cipher.js';

/** What the credential and join-token use cases touch (the admin CLI, registration with a join token). */
export interface SecurityStores {
  arn: ArnContext;
  clock: Clock;
  credentials: CredentialStore;
  joinTokens: JoinTokenStore;
  cipher: SecretCipher;
}
