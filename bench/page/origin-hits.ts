// Asks the bench origin how many requests it served for a path+query prefix.
import { hitsPath } from '../routes.ts';

export async function originHits(prefix: string): Promise<number> {
  const res = await fetch(`${hitsPath}?prefix=${encodeURIComponent(prefix)}`, {
    cache: 'no-store',
  });
  return (await res.json()) as number;
}
