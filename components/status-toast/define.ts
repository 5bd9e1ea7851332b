// Registers <status-toast>: import this module (or `sse-feed`) for the tag; `sse-feed/elements` for the class alone.

import { StatusToast } from './status-toast.js';

StatusToast.define();
