/**
 * The SDK's types model timestamps as Date; on the AWS JSON wire they are
 * epoch seconds. `Wire<T>` is T as it travels: what use cases return and store.
 */
export type Wire<T> = T extends Date
  ? number
  : T extends readonly unknown[]
    ? { [K in keyof T]: Wire<T[K]> }
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;
