// What a late subscriber meets when a body cannot be replayed to it: its own file, so the Outcome
// (in the entry) and the BodyBroadcast (loaded lazily) both know it without importing each other.

/**
 * A body that cannot be replayed to a subscriber that came late (a BodyBroadcast dropped it to save
 * memory): that caller makes its own request.
 */
export class ReplayUnavailable extends Error {}
