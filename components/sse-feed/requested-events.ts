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

/** The requests made of one feed; `onChange` runs when the set of names changes. */
export class RequestedEvents implements MessageTypeRequests {
  readonly #requests = new Map<symbol, readonly string[]>();
  readonly #onChange: () => void;
  #key = '';
  #merged: readonly string[] = [];

  constructor(onChange: () => void) {
    this.#onChange = onChange;
  }

  listenFor(types: readonly string[]): () => void {
    const token = Symbol();
    this.#requests.set(token, [...types]);
    this.#onChange();
    return () => {
      if (this.#requests.delete(token)) this.#onChange();
    };
  }

  /** `events` with every requested name added once; the same array while the result is the same. */
  merge(events: readonly string[]): readonly string[] {
    const names = new Set(events);
    for (const types of this.#requests.values()) for (const type of types) if (type) names.add(type);
    const key = [...names].join(' ');
    if (names.size === events.length) return events;
    if (key !== this.#key) {
      this.#key = key;
      this.#merged = Object.freeze([...names]);
    }
    return this.#merged;
  }
}
