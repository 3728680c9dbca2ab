/** Account settings as stored: one value per principal (an IAM ARN, or the account root for defaults) and name. */
export interface StoredAccountSetting {
  principalArn: string;
  name: string;
  value: string;
}

export interface AccountSettingsStore {
  /** Every setting stored for the principal (one Query). */
  list(principalArn: string): Promise<StoredAccountSetting[]>;
  put(setting: StoredAccountSetting): Promise<void>;
  /** The deleted setting, or undefined when none was stored. */
  delete(principalArn: string, name: string): Promise<StoredAccountSetting | undefined>;
}
