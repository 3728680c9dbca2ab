export interface PageRequest {
  limit: number;
  nextToken?: string;
}
export interface Page<T> {
  items: T[];
  nextToken?: string;
}
