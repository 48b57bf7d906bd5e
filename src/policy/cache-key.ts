// The primary cache key: partition, method class and target URI (RFC 9111 §2).
/**
 * The primary key of a request. GET and HEAD share it (HEAD is answered from a stored GET,
 * RFC 9111 §4.3.5), so the method class is always GET. The fragment is stripped (it never
 * reaches the origin). The partition is part of the key, so partitions never see each other's
 * entries; the encoding is unambiguous whatever characters the partition contains.
 */
export function primaryKey(partition: string, url: string): string {
  return JSON.stringify([partition, 'GET', withoutFragment(url)]);
}

/** The URL without its fragment (RFC 9111 §2: the cache key is the target URI). */
export function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

/** The target URI a primary key was built from (the inverse of `primaryKey`, for listings). */
export function urlOfKey(key: string): string {
  return (JSON.parse(key) as [string, string, string])[2];
}

/** The partition a primary key was built for (the inverse of `primaryKey`). */
export function partitionOfKey(key: string): string {
  return (JSON.parse(key) as [string, string, string])[0];
}
