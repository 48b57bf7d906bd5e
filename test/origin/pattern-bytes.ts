// Bodies whose bytes tell their position, to check that a range holds exactly the right bytes.
/** Byte i is i % 251 (a prime, so no two nearby ranges look alike). */
export function patternBytes(length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = i % 251;
  return bytes;
}
