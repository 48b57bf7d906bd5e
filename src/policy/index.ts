// The policy layer's public surface: pure RFC 9111 decisions on plain snapshots, `now` a parameter.

// Types
export { contentLanguageAnswers, normaliseAcceptLanguage } from './accept-language';
export type { ByteRange, PartialContent } from './byte-ranges';
export {
  combinedSegments,
  contentRange,
  isWhole,
  parseContentRange,
  requestedBytes,
  selectedRange,
  storedOffset,
  unsatisfiedRange,
} from './byte-ranges';
export type { CacheControl } from './cache-control';
export { deltaSeconds, parseCacheControl } from './cache-control';
// Requests
export { primaryKey, withoutFragment } from './cache-key';
export type { CacheStatusParams } from './cache-status';
// Header fields
export { formatCacheStatus } from './cache-status';
// Validation
export { conditionalHeaders } from './conditional';
export { sameCredentials, varyUnmatchable, withCredentialsOf } from './credentials';
export { freshenedResponse, headUpdate, selectForFreshening } from './freshen';
export {
  ageHeaderValue,
  currentAgeMs,
  describeFreshness,
  isFresh,
  stalenessMs,
  ttlSec,
} from './freshness';
export { firstHeaderValue, headerValue, parseHttpDate } from './headers';
export { invalidationTargets, isUnsafeMethod } from './invalidation';
export { modeRequestHeaders } from './mode-headers';
export {
  combinable,
  combinedHead,
  completedResponse,
  partialSecondaryKey,
  rangeResponseHead,
  selectPartial,
  unsatisfiableHead,
} from './partial-content';
export type { RangeSpec } from './range';
export { parseRange } from './range';
export { mostRecent } from './recency';
export type { BypassReason, RequestClass } from './request-class';
export { classifyRequest } from './request-class';
export type { ReuseDecision, RevalidateReason } from './reuse';
export { decideReuse } from './reuse';
export type {
  Freshness,
  HeaderList,
  RequestSnapshot,
  ResponseSnapshot,
  StoredResponse,
  VaryRule,
} from './snapshot';
export type { OfflineMode, OriginFailure } from './stale-on-error';
export { offlineStandIn, staleIfErrorAllows } from './stale-on-error';
export type { NotStorableReason, Storability } from './storability';
// Storing
export { storability } from './storability';
export { hopByHopNames, storedHeaders } from './stored-headers';
export { toStoredResponse } from './stored-response';
// Selecting and reusing
export { matchingVariants, secondaryKey, selectVariant, varyRule } from './vary';
