// Template typings for React (JSX) and Vue (GlobalComponents): the three elements, their attributes and events.
//
// Types only, nothing at runtime. Opt in from one file of the application:
//   import type {} from 'sse-feed/framework-types';
// React 19 passes `onsse-message={handler}` to addEventListener('sse-message'), sets known properties as
// properties and the rest as attributes. Vue templates write `@sse-message="handler"`, which Vue's tooling
// checks against the `onSseMessage` prop declared here.

import type { DefineComponent } from 'vue';
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { FeedError, FeedMessage, FeedShare, FeedStatus, FeedTransport } from './core/types.js';
import type { ConnectionIndicator } from './connection-indicator/connection-indicator.js';
import type { SseFeed } from './sse-feed/sse-feed.js';
import type { StatusToast, ToastHideDetail, ToastPosition, ToastShowDetail } from './status-toast/status-toast.js';

type Numeric = number | `${number}`;

/** The attributes of `<sse-feed>`, spelled as in HTML. */
export interface SseFeedAttributes {
  src?: string;
  transport?: FeedTransport;
  method?: string;
  'with-credentials'?: boolean;
  'retry-interval'?: Numeric;
  'retry-scaler'?: Numeric;
  'retry-max-wait'?: Numeric;
  'retry-max-count'?: Numeric;
  'retry-jitter'?: Numeric;
  'stall-timeout'?: Numeric;
  'pause-when-hidden'?: boolean;
  persist?: boolean;
  manual?: boolean;
  events?: string;
  json?: boolean;
  'max-message-size'?: Numeric;
  share?: FeedShare;
}

/** The attributes of `<connection-indicator>`. */
export interface ConnectionIndicatorAttributes {
  for?: string;
  compact?: boolean;
  'label-idle'?: string;
  'label-connecting'?: string;
  'label-connected'?: string;
  'label-retrying'?: string;
  'label-paused'?: string;
  'label-failed'?: string;
  'label-closed'?: string;
}

/** The attributes of `<status-toast>`. */
export interface StatusToastAttributes {
  for?: string;
  delay?: Numeric;
  duration?: Numeric;
  position?: ToastPosition;
  'message-retrying'?: string;
  'message-failed'?: string;
  'message-reconnected'?: string;
  'action-label'?: string;
  'close-label'?: string;
}

/** Event handlers, as React 19 names them: `on` + the exact event name. */
export interface SseFeedReactEvents {
  'onsse-message'?: (event: CustomEvent<FeedMessage>) => void;
  'onsse-state'?: (event: CustomEvent<FeedStatus>) => void;
  'onsse-error'?: (event: CustomEvent<FeedError>) => void;
}

export interface StatusToastReactEvents {
  'ontoast-show'?: (event: CustomEvent<ToastShowDetail>) => void;
  'ontoast-hide'?: (event: CustomEvent<ToastHideDetail>) => void;
}

/** Properties that only exist as properties (React 19 sets them as such). */
export interface SseFeedProperties {
  body?: BodyInit | null;
  headers?: Record<string, string>;
}

export interface StatusProperty {
  /** A status to show instead of the feed's. */
  status?: FeedStatus | null;
}

type ReactProps<E extends HTMLElement, Own> = Omit<DetailedHTMLProps<HTMLAttributes<E>, E>, keyof Own> & Own;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'sse-feed': ReactProps<SseFeed, SseFeedAttributes & SseFeedProperties & SseFeedReactEvents>;
      'connection-indicator': ReactProps<ConnectionIndicator, ConnectionIndicatorAttributes & StatusProperty>;
      'status-toast': ReactProps<StatusToast, StatusToastAttributes & StatusProperty & StatusToastReactEvents>;
    }
  }
}

/** Event handlers, as Vue's template checker names `@sse-message` and friends. */
export interface SseFeedVueEvents {
  onSseMessage?: (event: CustomEvent<FeedMessage>) => void;
  onSseState?: (event: CustomEvent<FeedStatus>) => void;
  onSseError?: (event: CustomEvent<FeedError>) => void;
}

export interface StatusToastVueEvents {
  onToastShow?: (event: CustomEvent<ToastShowDetail>) => void;
  onToastHide?: (event: CustomEvent<ToastHideDetail>) => void;
}

declare module 'vue' {
  // Checked by Vue's language tools in templates; at runtime Vue needs compilerOptions.isCustomElement.
  interface GlobalComponents {
    'sse-feed': DefineComponent<SseFeedAttributes & SseFeedProperties & SseFeedVueEvents>;
    'connection-indicator': DefineComponent<ConnectionIndicatorAttributes & StatusProperty>;
    'status-toast': DefineComponent<StatusToastAttributes & StatusProperty & StatusToastVueEvents>;
  }
}
