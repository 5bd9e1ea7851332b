// The message types that elements bound to a feed ask it for, so the eventsource transport listens for
// them without the page naming them again in `events`.

/** A feed that elements can ask to listen for message types (the eventsource transport needs names). */
export interface MessageTypeRequests {
  /**
   * Asks the feed to receive messages of `types` on every transport; returns the function that takes
   * the request back. The eventsource transport adds them to its `events`.
   */
  listenFor(types: readonly string[]): () => void;
}
