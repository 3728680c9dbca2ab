import type { CredentialStore, StoredCredential } from '../../src/ports/credential-store.js';

/** An in-memory credential store that counts lookups. */
export class MemoryCredentials implements CredentialStore {
  readonly items = new Map<string, StoredCredential>();
  gets = 0;
  failNext = false;
  async get(id: string) {
    this.gets++;
    if (this.failNext) {
      this.failNext = false;
      throw new Error('DynamoDB is down');
    }
    await new Promise((r) => setTimeout(r, 5));
    return this.items.get(id);
  }
  async createUser(c: StoredCredential) {
    if (this.items.has(c.accessKeyId)) return false;
    this.items.set(c.accessKeyId, c);
    return true;
  }
  async createForInstance(c: StoredCredential) {
    return this.createUser(c);
  }
  async deleteUser(id: string) {
    return this.items.delete(id);
  }
  async listUsers() {
    return [...this.items.values()];
  }
}
