// <feed-value>: the latest value of one message type of a feed, as text, formatted for people.

import type { PropertyDeclarations, PropertyValues } from '@lit/reactive-element';
import { missing } from '../core/on-demand.js';
import type { FeedMessage } from '../core/types.js';
import { numberAttribute } from '../shared/attributes.js';
import { FeedBinding } from '../shared/feed-binding.js';
import { FeedBoundElement } from '../shared/feed-bound-element.js';
import type { ValueFormat } from '../shared/format.js';

// Reading and formatting values (JSON paths, Intl, the nearest lang) is code most pages never run: it loads
// when the first <feed-value> connects, and messages that arrive before it are read then. When its file does
// not load, a <feed-value> shows each message's data as it came, its raw text.
type Formatting = Pick<typeof import('./value-text.js'), 'read' | 'valueText' | 'show'>;
let formatting: Formatting | undefined;
let loading: Promise<Formatting> | undefined;
const loadFormatting = (): Promise<Formatting> =>
  (loading ??= import('./value-text.js')
    .catch(missing('value-text'))
    .then(
      (module) =>
        (formatting = module ?? {
          read: (_host, message) => [message.data],
          valueText: (_host, value) => value as string,
          show: (host, text) => void (host.textContent = text),
        }),
    ));

/**
 * Shows the latest value of one message type of a feed as its own text, with no script on the page:
 * the whole data, or a `field` of its JSON, written as text or through `Intl` (`format`) in the
 * language of the nearest `lang`. Server data is only ever text here. The feed is the one named by
 * `for`, else the nearest ancestor `<sse-feed>`. It renders at most once per animation frame, however
 * fast messages come. Before the first value it shows `placeholder` (when set; else the page's own
 * content stays, such as a value rendered by the server).
 *
 * @tag feed-value
 *
 * @attr {boolean} stale - Present while the feed is connected but stale (read-only): no message for its `stale-after` ms.
 */
export class FeedValue extends FeedBoundElement {
  static override readonly tag: string = 'feed-value';

  static override readonly liveRole: string = 'status';

  static override properties: PropertyDeclarations = {
    field: {},
    format: {},
    currency: {},
    unit: {},
    maxFractionDigits: { attribute: 'max-fraction-digits', converter: numberAttribute },
    placeholder: {},
  };

  /** The message type it shows (`message` for unnamed events). */
  declare event: string;

  /** Dot-separated path into the message's JSON data (`price.last`, `items.0.name`; `.` is the whole value); empty: the data as text. */
  declare field: string;

  /** `text`, `number`, `percent`, `currency`, `unit`, `date`, `time` or `datetime`: written with `Intl` in the nearest `lang`; dates from ISO strings or epoch milliseconds. */
  declare format: ValueFormat;

  /** The ISO 4217 currency code for `format="currency"` (`EUR`). */
  declare currency: string;

  /** The unit for `format="unit"` (`megabyte-per-second`, `celsius`). */
  declare unit: string;

  /** The most fraction digits a number format shows; Intl's default when unset. */
  declare maxFractionDigits: number | undefined;

  /** Shown before the first value, and while the field is missing from the latest message. */
  declare placeholder: string;

  /** Makes each change a polite announcement (`role="status"`); without it nothing is announced. */
  declare announce: boolean;

  #value: unknown;
  #received = false;
  #early: FeedMessage[] = []; // messages that came before the code that reads them
  readonly #binding = new FeedBinding(this, {
    types: () => [this.event || 'message'],
    message: (message) => this.#onMessage(message),
    render: () => this.#render(),
  });

  constructor() {
    super();
    this.field = '';
    this.format = 'text';
    this.currency = '';
    this.unit = '';
    this.maxFractionDigits = undefined;
    this.placeholder = '';
  }

  /** The latest value, before formatting: the data as text, or the value at `field`; undefined before the first and while the field is missing. */
  get value(): unknown {
    return this.#value;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!formatting) {
      void loadFormatting().then(() => {
        for (const message of this.#early.splice(0)) this.#onMessage(message);
        this.#binding.requestFrame();
      });
    }
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    const status = this.#binding.status;
    this.toggleAttribute('stale', status.state === 'connected' && status.stale);
    // A change of how the value is written shows at the next frame; a change of feed alone does not.
    if ([...changed.keys()].some((key) => key !== 'htmlFor' && key !== 'announce')) this.#binding.requestFrame();
  }

  #onMessage(message: FeedMessage): void {
    if (message.type !== (this.event || 'message')) return;
    if (!formatting) return void this.#early.push(message);
    const read = formatting.read(this, message);
    if (!read) return; // not JSON: the value stays as it was
    [this.#value] = read;
    this.#received = true;
    this.#binding.requestFrame();
  }

  #render(): void {
    // The page's own content stays until there is a value; before formatting is here, the frame after it renders.
    if ((this.#received || this.placeholder) && formatting) {
      formatting.show(this, this.#value === undefined ? (this.placeholder ?? '') : formatting.valueText(this, this.#value));
    }
  }

}

declare global {
  interface HTMLElementTagNameMap {
    'feed-value': FeedValue;
  }
}
