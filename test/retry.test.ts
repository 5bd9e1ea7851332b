// The retry policy's pure functions: backoff arithmetic, jitter, Retry-After and what a response means.

import { expect } from '@open-wc/testing';
import { classifyResponse, isEventStream, parseRetryAfter, type ResponseOutcome } from '../components/core/http.js';
import {
  backoffDelay,
  clampDelay,
  MAX_TIMER_DELAY,
  RETRY_AFTER_CEILING,
  retryWait,
  DEFAULT_RETRY_POLICY,
  jitterDelay,
  type RetryPolicy,
} from '../components/core/retry.js';

const policy = (changes: Partial<RetryPolicy> = {}): RetryPolicy => ({ ...DEFAULT_RETRY_POLICY, ...changes });

describe('retry: backoffDelay', () => {
  it('doubles from 1000 ms and stops at maxWait with the default policy', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((failures) => backoffDelay(failures, policy()));
    expect(delays).to.deep.equal([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('uses the interval, scaler and maxWait given', () => {
    const delays = [1, 2, 3, 4].map((failures) => backoffDelay(failures, policy({ interval: 100, scaler: 3, maxWait: 2000 })));
    expect(delays).to.deep.equal([100, 300, 900, 2000]);
  });

  it("takes the server's retry value as base when it is longer than the interval", () => {
    expect([1, 2, 3].map((failures) => backoffDelay(failures, policy(), 2500))).to.deep.equal([2500, 5000, 10000]);
  });

  it("never lets the server's retry value shorten the interval", () => {
    expect([1, 2, 3].map((failures) => backoffDelay(failures, policy(), 250))).to.deep.equal([1000, 2000, 4000]);
  });

  it('takes a null server retry as "none sent"', () => {
    expect(backoffDelay(1, policy({ interval: 700 }), null)).to.equal(700);
  });

  it('a server retry of 0 changes nothing: the interval and the backoff stand', () => {
    expect([1, 2, 10, 5000].map((failures) => backoffDelay(failures, policy(), 0))).to.deep.equal([1000, 2000, 30000, 30000]);
  });

  it('an interval of 0 is the page allowing immediate retries', () => {
    expect(backoffDelay(3, policy({ interval: 0 }), null)).to.equal(0);
    expect(backoffDelay(3, policy({ interval: 0 }), 100)).to.equal(400);
  });

  it('caps even the first delay at maxWait', () => {
    expect(backoffDelay(1, policy({ maxWait: 300 }), 5000)).to.equal(300);
  });

  it('never grows with scaler 1', () => {
    expect([1, 2, 3, 50].map((failures) => backoffDelay(failures, policy({ scaler: 1 })))).to.deep.equal([1000, 1000, 1000, 1000]);
  });

  it('treats failure 0 like the first failure', () => {
    expect(backoffDelay(0, policy())).to.equal(1000);
  });

  it('stays at maxWait, finite, when the power overflows', () => {
    for (const failures of [1100, 100_000, Number.MAX_SAFE_INTEGER]) {
      const delay = backoffDelay(failures, policy());
      expect(delay, `failure ${failures}`).to.equal(30000);
    }
    expect(backoffDelay(2000, policy({ scaler: 10 }), 1_000_000)).to.equal(30000);
  });
});

describe('retry: jitterDelay', () => {
  it('returns the full delay when random gives 0', () => {
    expect(jitterDelay(1000, 0.3, () => 0)).to.equal(1000);
  });

  it('returns the lower bound d*(1-jitter) when random gives almost 1', () => {
    const delay = jitterDelay(1000, 0.3, () => 0.9999999999);
    expect(delay).to.be.at.least(700).and.at.most(701);
  });

  it('is exact with jitter 0, whatever random says', () => {
    expect(jitterDelay(1234, 0, () => 0.5)).to.equal(1234);
    expect(jitterDelay(1234, 0, () => 0.9999)).to.equal(1234);
  });

  it('draws in between for a random in between', () => {
    expect(jitterDelay(1000, 0.5, () => 0.5)).to.equal(750);
  });

  it('clamps a jitter above 1 to 1: never below 0', () => {
    expect(jitterDelay(1000, 5, () => 0.9999999999)).to.be.at.least(0).and.at.most(1);
    expect(jitterDelay(1000, 5, () => 0.5)).to.equal(500);
  });

  it('clamps a negative or NaN jitter to 0: exact', () => {
    expect(jitterDelay(1000, -1, () => 0.9)).to.equal(1000);
    expect(jitterDelay(1000, Number.NaN, () => 0.9)).to.equal(1000);
  });

  it('stays within [d*(1-jitter), d] even when the bounds are not whole numbers', () => {
    for (const [delay, jitter] of [
      [1003, 0.25],
      [1000.6, 0.3],
      [1501.5, 0.1],
      [7, 0.9],
    ]) {
      for (const random of [0, 0.0001, 0.25, 0.5, 0.75, 0.9999, 0.9999999999]) {
        const drawn = jitterDelay(delay, jitter, () => random);
        expect(drawn, `d=${delay} j=${jitter} r=${random}`).to.be.at.least(delay * (1 - jitter)).and.at.most(delay);
      }
    }
  });

  it('uses Math.random by default and stays within bounds', () => {
    for (let i = 0; i < 200; i++) {
      expect(jitterDelay(2000, 0.3)).to.be.at.least(1400).and.at.most(2000);
    }
  });
});

describe('retry: parseRetryAfter', () => {
  // 1994-11-06 08:49:00 UTC: 37 s before the dates in RFC 9110's examples.
  const now = Date.UTC(1994, 10, 6, 8, 49, 0);

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).to.equal(120_000);
    expect(parseRetryAfter('0', now)).to.equal(0);
  });

  it('ignores whitespace around delay-seconds', () => {
    expect(parseRetryAfter('  5 ', now)).to.equal(5000);
  });

  it('reads an IMF-fixdate', () => {
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now)).to.equal(37_000);
  });

  it('reads an RFC 850 date', () => {
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now)).to.equal(37_000);
  });

  it('reads an asctime date, as UTC', () => {
    expect(parseRetryAfter('Sun Nov  6 08:49:37 1994', now)).to.equal(37_000);
  });

  it('reads an RFC 850 two-digit year as the nearest one not 50 years ahead', () => {
    const in2026 = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(parseRetryAfter('Thursday, 01-Jan-26 00:00:10 GMT', in2026)).to.equal(10_000);
    // 2094 would be more than 50 years ahead: 1994, in the past.
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', in2026)).to.equal(0);
  });

  it('gives 0 for a date in the past', () => {
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:48:00 GMT', now)).to.equal(0);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:00 GMT', now)).to.equal(0);
  });

  it('uses Date.now() when no time is given', () => {
    const inOneHour = new Date(Date.now() + 3_600_000).toUTCString();
    const wait = parseRetryAfter(inOneHour);
    expect(wait).to.be.a('number');
    expect(wait).to.be.within(3_595_000, 3_600_000);
  });

  for (const garbage of ['soon', 'Sunday', '1.5', '-1', '+5', '1e3', '5 s', '0x10', 'Sun, 06 Nov 1994', 'Mon, 32 Jan 2024 00:00:00 GMT', 'Fri, 31 Feb 2026 00:00:00 GMT', 'Sun, 06 Nov 1994 25:00:00 GMT', 'Sun, 06 Nov 1994 08:49:37 PST', 'Sun, 06 Foo 1994 08:49:37 GMT', 'Monday 2024']) {
    it(`gives null for ${JSON.stringify(garbage)}`, () => {
      expect(parseRetryAfter(garbage, now)).to.equal(null);
    });
  }

  it('gives null for a missing or empty header', () => {
    expect(parseRetryAfter(null, now)).to.equal(null);
    expect(parseRetryAfter(undefined, now)).to.equal(null);
    expect(parseRetryAfter('', now)).to.equal(null);
    expect(parseRetryAfter('   ', now)).to.equal(null);
  });
});

describe('retry: isEventStream', () => {
  it('accepts text/event-stream with parameters, any case and surrounding spaces', () => {
    for (const value of ['text/event-stream', 'text/event-stream; charset=utf-8', 'TEXT/EVENT-STREAM', 'Text/Event-Stream;Charset=UTF-8', ' text/event-stream ']) {
      expect(isEventStream(value), value).to.equal(true);
    }
  });

  it('rejects anything else', () => {
    for (const value of [null, '', 'text/html', 'text/plain', 'text/event-streams', 'text/event-stream-x', 'application/json', 'text/html; a=text/event-stream', 'event-stream']) {
      expect(isEventStream(value), String(value)).to.equal(false);
    }
  });
});

/** The fields of an error outcome worth asserting, or the outcome's kind alone. */
function summary(outcome: ResponseOutcome): unknown {
  if (outcome.kind !== 'error') return { kind: outcome.kind };
  const { kind, status, fatal } = outcome.error;
  return { kind, status, fatal, retryAfter: outcome.retryAfter };
}

describe('retry: classifyResponse (the Outcomes table)', () => {
  it('opens on 200 with text/event-stream', () => {
    expect(classifyResponse(200, 'text/event-stream')).to.deep.equal({ kind: 'open' });
  });

  it('opens on 200 with text/event-stream; charset=utf-8', () => {
    expect(classifyResponse(200, 'text/event-stream; charset=utf-8')).to.deep.equal({ kind: 'open' });
  });

  it('opens on 200 with an uppercase TEXT/EVENT-STREAM', () => {
    expect(classifyResponse(200, 'TEXT/EVENT-STREAM')).to.deep.equal({ kind: 'open' });
  });

  it('closes on 204, whatever the content type', () => {
    expect(classifyResponse(204, null)).to.deep.equal({ kind: 'closed' });
    expect(classifyResponse(204, 'text/event-stream')).to.deep.equal({ kind: 'closed' });
  });

  it('fails for good on 200 with text/html: kind content-type, fatal', () => {
    const outcome = classifyResponse(200, 'text/html; charset=utf-8', '5');
    expect(summary(outcome)).to.deep.equal({ kind: 'content-type', status: undefined, fatal: true, retryAfter: null });
  });

  it('fails for good on 200 without a content type', () => {
    expect(summary(classifyResponse(200, null))).to.deep.equal({ kind: 'content-type', status: undefined, fatal: true, retryAfter: null });
  });

  it('retries every status from 500 to 599 with kind http and the status', () => {
    for (let status = 500; status <= 599; status++) {
      expect(summary(classifyResponse(status, 'text/html')), String(status)).to.deep.equal({ kind: 'http', status, fatal: false, retryAfter: null });
    }
  });

  it('retries 408 and 429 with kind http and the status', () => {
    expect(summary(classifyResponse(408, null))).to.deep.equal({ kind: 'http', status: 408, fatal: false, retryAfter: null });
    expect(summary(classifyResponse(429, null))).to.deep.equal({ kind: 'http', status: 429, fatal: false, retryAfter: null });
  });

  it('passes a Retry-After of a retryable status on, in ms', () => {
    const now = Date.UTC(1994, 10, 6, 8, 49, 0);
    expect(classifyResponse(503, null, '7', now)).to.have.property('retryAfter', 7000);
    expect(classifyResponse(429, null, 'Sun, 06 Nov 1994 08:49:37 GMT', now)).to.have.property('retryAfter', 37_000);
    expect(classifyResponse(503, null, 'later', now)).to.have.property('retryAfter', null);
  });

  for (const status of [400, 401, 403, 404]) {
    it(`fails for good on ${status}: kind http with the status`, () => {
      expect(summary(classifyResponse(status, 'text/event-stream', '5'))).to.deep.equal({ kind: 'http', status, fatal: true, retryAfter: null });
    });
  }

  it('fails for good on every other 4xx', () => {
    for (let status = 400; status <= 499; status++) {
      if (status === 408 || status === 429) continue;
      expect(summary(classifyResponse(status, null)), String(status)).to.deep.equal({ kind: 'http', status, fatal: true, retryAfter: null });
    }
  });

  it('fails for good on 201 and 301, even with text/event-stream', () => {
    expect(summary(classifyResponse(201, 'text/event-stream'))).to.deep.equal({ kind: 'http', status: 201, fatal: true, retryAfter: null });
    expect(summary(classifyResponse(301, 'text/event-stream'))).to.deep.equal({ kind: 'http', status: 301, fatal: true, retryAfter: null });
  });

  it('describes errors in plain text, never echoing markup as HTML', () => {
    const outcome = classifyResponse(503, null);
    expect(outcome.kind).to.equal('error');
    if (outcome.kind === 'error') {
      expect(outcome.error.message).to.contain('503');
      expect(Object.isFrozen(outcome.error)).to.equal(true);
    }
  });
});

describe('retry: retryWait and clampDelay (every wait goes through one clamp)', () => {
  it('is the backoff unless Retry-After asks for longer', () => {
    expect(retryWait(1000, null, policy())).to.equal(1000);
    expect(retryWait(1000, 400, policy())).to.equal(1000);
    expect(retryWait(1000, 4000, policy())).to.equal(4000);
  });

  it('honours Retry-After up to 5 minutes, or retry-max-wait when that is longer', () => {
    expect(RETRY_AFTER_CEILING).to.equal(300_000);
    expect(retryWait(1000, 100_000 * 1000, policy())).to.equal(300_000);
    expect(retryWait(1000, 2_147_484 * 1000, policy())).to.equal(300_000);
    expect(retryWait(1000, 100_000 * 1000, policy({ maxWait: 900_000 }))).to.equal(900_000);
    expect(retryWait(1000, 200_000, policy({ maxWait: 900_000 }))).to.equal(200_000);
  });

  it('makes NaN and negatives 0, rounds up to whole ms, and keeps Infinity as "never"', () => {
    expect([NaN, -5, 0, 0.2, 1.5, 1e12, Infinity].map(clampDelay)).to.deep.equal([0, 0, 0, 1, 2, 1e12, Infinity]);
    expect(MAX_TIMER_DELAY).to.equal(2 ** 31 - 1);
  });
});
