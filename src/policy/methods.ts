// Safe and unsafe methods (RFC 9110 §9.2.1).

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** RFC 9110 §9.2.1: every method but GET, HEAD, OPTIONS and TRACE is unsafe, unknown ones too. */
export function isUnsafeMethod(method: string): boolean {
  return !safeMethods.has(method);
}
