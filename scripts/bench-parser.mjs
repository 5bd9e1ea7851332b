// @ts-check
// "Parser in Node": the shipped SseParser (dist/core.js) beside eventsource-parser and a floor that only decodes
// and finds line ends, on the same bytes cut into the same chunks, rounds in alternating order. Used by bench.mjs.

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { count, markdownTable, median, packageVersion, roundOrder } from './bench-common.mjs';

const encoder = new TextEncoder();

/**
 * ~100 B messages as a live feed sends them: an id each, an event name on two in three, a comment line on one
 * in ten, CRLF line ends on one in seven, and a comment-only keep-alive block (`: ping`, no message) every 50.
 */
/** @param {number} total */
function smallMessages(total) {
  const parts = [];
  let dataChars = 0;
  let pings = 0;
  for (let n = 1; n <= total; n++) {
    const eol = n % 7 === 3 ? '\r\n' : '\n';
    let block = '';
    if (n % 10 === 0) block += `: heartbeat ${n}${eol}`;
    block += `id: ${n}${eol}`;
    if (n % 3 !== 0) block += `event: ${n % 2 ? 'price' : 'trade'}${eol}`;
    const data = `{"n":${n},"symbol":"SSE","price":${(100 + (n % 997) / 100).toFixed(2)},"size":${n % 500},"side":"buy"}`;
    dataChars += data.length;
    block += `data: ${data}${eol}${eol}`;
    if (n % 50 === 25) {
      block += `: ping${eol}${eol}`;
      pings += 1;
    }
    parts.push(block);
  }
  return { text: parts.join(''), messages: total, blocks: total + pings, dataChars };
}

/** ~2 KB messages of 16 data lines, some characters outside ASCII (so chunks split UTF-8 sequences). */
/** @param {number} total */
function multiLineMessages(total) {
  const parts = [];
  let dataChars = 0;
  const phrase = 'lorem ipsum dolor sit amet, café € naïve ';
  for (let n = 1; n <= total; n++) {
    const lines = [];
    for (let line = 0; line < 16; line++) lines.push(`${n}.${line} ${phrase.repeat(3)}`.slice(0, 118));
    dataChars += lines.reduce((sum, line) => sum + line.length, 0) + lines.length - 1;
    parts.push(`id: ${n}\nevent: snapshot\n${lines.map((line) => `data: ${line}\n`).join('')}\n`);
  }
  return { text: parts.join(''), messages: total, blocks: total, dataChars };
}

/** ~64 KB messages, each one data line (a large JSON document on one line, as servers send them). */
/** @param {number} total */
function largeMessages(total) {
  const parts = [];
  let dataChars = 0;
  const filler = 'abcdefghijklmnopqrstuvwxyz0123456789 é€ '.repeat(1700).slice(0, 65_400);
  for (let n = 1; n <= total; n++) {
    const data = `{"n":${n},"payload":"${filler}"}`;
    dataChars += data.length;
    parts.push(`id: ${n}\nevent: document\ndata: ${data}\n\n`);
  }
  return { text: parts.join(''), messages: total, blocks: total, dataChars };
}

/** Cuts bytes into chunks of `size`. @param {Uint8Array} bytes @param {number} size */
function chunked(bytes, size) {
  /** @type {Uint8Array[]} */
  const chunks = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

/** Cuts bytes after each blank line (LF LF or CRLF CRLF): one block per chunk, as a server flushing each sends them. @param {Uint8Array} bytes */
function perBlock(bytes) {
  /** @type {Uint8Array[]} */
  const chunks = [];
  let start = 0;
  for (let i = 1; i < bytes.length; i++) {
    if (bytes[i] === 10 && (bytes[i - 1] === 10 || (bytes[i - 1] === 13 && bytes[i - 2] === 10))) {
      chunks.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < bytes.length) chunks.push(bytes.subarray(start));
  return chunks;
}

/** Every 997th message and the last: what the data sample compares. */
const sampled = (/** @type {number} */ index, /** @type {number} */ total) => index % 997 === 0 || index === total - 1;

/** @typedef {{ type: string, id: string, data: string }} SampledEvent */
/** @typedef {{ messages?: number, dataChars?: number, blocks?: number }} Counted what a contestant counted */
/** @typedef {{ key: string, label: string, run: (chunks: Uint8Array[], sample?: (index: number, event: SampledEvent) => void) => Counted }} Contestant */

/**
 * The contestants: each parses `chunks` and returns what it counted. `sample` collects some events in full.
 * @param {typeof import('../components/core/index.js').SseParser} SseParser
 * @param {typeof import('eventsource-parser').createParser} createParser
 * @returns {Contestant[]}
 */
function contestants(SseParser, createParser) {
  return [
    {
      key: 'sse-feed',
      label: 'SseParser (dist/core.js)',
      run(chunks, sample) {
        let messages = 0;
        let dataChars = 0;
        const parser = new SseParser((event) => {
          if (sample) sample(messages, { type: event.type, id: event.lastEventId, data: event.data });
          messages += 1;
          dataChars += event.data.length;
        });
        for (const chunk of chunks) parser.push(chunk);
        parser.end();
        return { messages, dataChars };
      },
    },
    {
      key: 'eventsource-parser',
      label: 'eventsource-parser',
      run(chunks, sample) {
        let messages = 0;
        let dataChars = 0;
        // As its README says for a byte stream: a streaming TextDecoder, then feed() with the text.
        const decoder = new TextDecoder();
        const parser = createParser({
          onEvent(event) {
            if (sample) sample(messages, { type: event.event ?? 'message', id: event.id ?? '', data: event.data });
            messages += 1;
            dataChars += event.data.length;
          },
        });
        for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
        parser.feed(decoder.decode());
        return { messages, dataChars };
      },
    },
    {
      key: 'floor',
      label: 'floor: TextDecoder + indexOf line ends',
      run(chunks) {
        // Decode each chunk, find each line end, count blocks ended by a blank line. No fields, no substrings,
        // no buffer: of a line cut by a chunk only its length so far (and whether it is a lone CR) is carried.
        const decoder = new TextDecoder();
        let blocks = 0;
        let inBlock = false;
        let carried = 0;
        let carriedCR = false;
        for (const chunk of chunks) {
          const text = decoder.decode(chunk, { stream: true });
          let start = 0;
          let end = text.indexOf('\n');
          while (end !== -1) {
            const length = carried + end - start;
            const blank = length === 0 || (length === 1 && (carried === 1 ? carriedCR : text.charCodeAt(start) === 13));
            if (blank && inBlock) blocks += 1;
            inBlock = !blank;
            carried = 0;
            start = end + 1;
            end = text.indexOf('\n', start);
          }
          if (start < text.length) {
            if (carried === 0) carriedCR = text.charCodeAt(start) === 13;
            carried += text.length - start;
          }
        }
        return { blocks };
      },
    },
  ];
}

/**
 * The contestants, with the shipped SseParser (the snapshot's dist/core.js) and eventsource-parser.
 * @param {string} dist @param {string} root
 */
async function loadContestants(dist, root) {
  /** @type {typeof import('../components/core/index.js')} */
  const core = await import(pathToFileURL(join(dist, 'core.js')).href);
  const require = createRequire(join(root, 'package.json'));
  /** @type {typeof import('eventsource-parser')} */
  const eventsourceParser = await import(pathToFileURL(require.resolve('eventsource-parser')).href);
  return contestants(core.SseParser, eventsourceParser.createParser);
}

/**
 * Workloads; `scale` shrinks them for a quick run; `only` builds that one alone. All cut into 64 KB chunks
 * but one, cut per message.
 * @param {number} scale @param {string} [only]
 */
function workloads(scale, only) {
  const size = (/** @type {number} */ n) => Math.max(1, Math.round(n * scale));
  /**
   * @param {string} key @param {string} title @param {() => { text: string, messages: number, blocks: number, dataChars: number }} generate
   * @param {{ name: string, split: (bytes: Uint8Array) => Uint8Array[] }} cut
   */
  const make = (key, title, generate, cut) => {
    if (only !== undefined && key !== only) return null;
    const generated = generate();
    const bytes = encoder.encode(generated.text);
    const { messages, blocks, dataChars } = generated;
    return { key, title, chunking: cut.name, chunks: cut.split(bytes), bytes: bytes.length, messages, blocks, dataChars, sample: { compared: 0, differing: 0 } };
  };
  const k64 = { name: '64 KB chunks', split: (/** @type {Uint8Array} */ bytes) => chunked(bytes, 65_536) };
  const oneEach = { name: 'one block per chunk', split: perBlock };
  return [
    make('small', '~100 B msgs', () => smallMessages(size(160_000)), k64),
    make('small-flushed', '~100 B msgs', () => smallMessages(size(50_000)), oneEach),
    make('multiline', '~2 KB msgs', () => multiLineMessages(size(8_000)), k64),
    make('large', '~64 KB msgs', () => largeMessages(size(256)), k64),
  ].filter((load) => load !== null);
}

/**
 * Runs the section: prints one Markdown table and resolves to its figures. `dist` is the snapshot's dist/
 * directory; `rounds` timed rounds after one warm-up pass per contestant, order alternating between rounds.
 * @param {{ root: string, dist: string, quick: boolean, rounds: number }} options
 */
export async function parserBench({ root, dist, quick, rounds }) {
  const players = await loadContestants(dist, root);
  const loads = workloads(quick ? 0.125 : 1);
  const version = packageVersion(root, 'eventsource-parser');
  const started = Date.now();

  // Correctness first, untimed: every contestant's counts against the generator's, and a data sample
  // (every 997th message and the last) identical between the two parsers.
  /** @type {Map<string, string[]>} */
  const checks = new Map();
  /** A check's problems (every contestant and load has its list). @param {string} key */
  const problemsOf = (key) => checks.get(key) ?? [];
  for (const load of loads) {
    /** @type {Record<string, Map<number, SampledEvent>>} */
    const samples = {};
    for (const player of players) {
      /** @type {Map<number, SampledEvent>} */
      const sample = new Map();
      const result = player.run(load.chunks, (index, event) => {
        if (sampled(index, load.messages)) sample.set(index, event);
      });
      samples[player.key] = sample;
      /** @type {string[]} */
      const problems = [];
      if (player.key === 'floor') {
        if (result.blocks !== load.blocks) problems.push(`${result.blocks} blocks, expected ${load.blocks}`);
      } else {
        if (result.messages !== load.messages) problems.push(`${result.messages} messages, expected ${load.messages}`);
        if (result.dataChars !== load.dataChars) problems.push(`${result.dataChars} data characters, expected ${load.dataChars}`);
      }
      checks.set(`${load.key}/${player.key}`, problems);
    }
    const ours = samples['sse-feed'];
    const theirs = samples['eventsource-parser'];
    let differing = 0;
    for (const [index, event] of ours) {
      const other = theirs.get(index);
      if (!other || other.type !== event.type || other.id !== event.id || other.data !== event.data) differing += 1;
    }
    if (ours.size !== theirs.size) differing += Math.abs(ours.size - theirs.size);
    load.sample = { compared: ours.size, differing };
    if (differing > 0) problemsOf(`${load.key}/sse-feed`).push(`${differing} of ${ours.size} sampled events differ from eventsource-parser's`);
  }

  // Timed: each contestant and workload in a Node process of its own, so neither another library's nor
  // another workload's JIT state or garbage is measured (measured here: sharing one process slowed the
  // parsers by up to 2.6x, unevenly, and which one lost depended on what ran before).
  /** @type {Map<string, number[]>} */
  const times = new Map();
  for (let round = 0; round < rounds; round++) {
    for (const load of loads) {
      for (const player of roundOrder(players, round)) {
        const child = spawnSync(
          process.execPath,
          ['--expose-gc', fileURLToPath(import.meta.url), '--child', player.key, load.key, dist, quick ? 'quick' : 'full', root],
          { encoding: 'utf8', maxBuffer: 1024 * 1024 },
        );
        if (child.status !== 0) throw new Error(`the ${player.key} run on ${load.key} failed: ${child.stderr}`);
        const result = JSON.parse(child.stdout);
        const key = `${load.key}/${player.key}`;
        times.set(key, [...(times.get(key) ?? []), result.ms]);
        const expected = player.key === 'floor' ? load.blocks : load.messages;
        if (result.got !== expected) problemsOf(key).push(`round ${round + 1}: ${result.got} instead of ${expected}`);
      }
    }
  }

  const rows = [['workload', 'contestant', 'MB/s', 'messages/s', 'median ms', 'vs eventsource-parser', 'vs floor', 'check']];
  const figures = [];
  for (const load of loads) {
    const ms = Object.fromEntries(players.map((player) => [player.key, median(times.get(`${load.key}/${player.key}`) ?? [])]));
    const entry = {
      key: load.key,
      title: load.title,
      chunking: load.chunking,
      chunks: load.chunks.length,
      bytes: load.bytes,
      messages: load.messages,
      sample: load.sample,
      /** @type {{ key: string, label: string, medianMs: number, mbPerSecond: number, messagesPerSecond: number | null, speedVsEventsourceParser: number, speedVsFloor: number, everyRoundMs: number[] | undefined, problems: string[] }[]} */
      contestants: [],
    };
    for (const player of players) {
      const problems = problemsOf(`${load.key}/${player.key}`);
      const seconds = ms[player.key] / 1000;
      const check =
        problems.length > 0
          ? `FLAGGED: ${problems.slice(0, 2).join('; ')}`
          : player.key === 'floor'
            ? `${count(load.blocks)} blocks`
            : `${count(load.messages)} msgs${player.key === 'sse-feed' ? `, sample of ${load.sample.compared} same` : ''}`;
      rows.push([
        `${load.title}, ${load.chunking} (${(load.bytes / 1e6).toFixed(1)} MB)`,
        player.key === 'eventsource-parser' ? `eventsource-parser ${version}` : player.label,
        (load.bytes / 1e6 / seconds).toFixed(0),
        player.key === 'floor' ? `(${count(load.blocks / seconds)} blocks/s)` : count(load.messages / seconds),
        ms[player.key].toFixed(1),
        `${(ms['eventsource-parser'] / ms[player.key]).toFixed(2)}×`,
        `${(ms.floor / ms[player.key]).toFixed(2)}×`,
        check,
      ]);
      entry.contestants.push({
        key: player.key,
        label: player.key === 'eventsource-parser' ? `eventsource-parser ${version}` : player.label,
        medianMs: ms[player.key],
        mbPerSecond: load.bytes / 1e6 / seconds,
        messagesPerSecond: player.key === 'floor' ? null : load.messages / seconds,
        speedVsEventsourceParser: ms['eventsource-parser'] / ms[player.key],
        speedVsFloor: ms.floor / ms[player.key],
        everyRoundMs: times.get(`${load.key}/${player.key}`),
        problems,
      });
    }
    figures.push(entry);
  }

  console.log(
    `\n## Parser in Node\n\nNode ${process.version}; the same bytes and chunks for every contestant (Uint8Array chunks: ` +
      '64 KB pieces, or one per message block where said); median of ' +
      `${rounds} round(s)${quick ? ' (quick: small sizes)' : ''}, each contestant and workload timed in a Node process of ` +
      'its own (order alternating between rounds) after one warm-up pass, ' +
      `a forced GC before each run; ${((Date.now() - started) / 1000).toFixed(0)} s. ~100 B msgs: an id each, an event ` +
      'name on two in three, a comment line on one in ten, CRLF on one in seven, a comment-only `: ping` block every 50; ' +
      '~2 KB msgs: 16 data lines with some non-ASCII (chunks split UTF-8 sequences); ~64 KB msgs: one data line each. ' +
      'SseParser takes the bytes (it decodes ' +
      'itself); eventsource-parser is fed text from a streaming TextDecoder, as its README says; the floor decodes and ' +
      'finds line ends with indexOf, nothing else (it counts blocks, so keep-alive comments count there). ' +
      '"vs" columns: speed ÷ that contestant\'s speed (above 1× = faster). Check: counts and total data length ' +
      'against the generator, and a sample of events (every 997th and the last: type, id, data) identical between ' +
      'the two parsers.',
  );
  console.log(`\n${markdownTable(rows)}\n`);
  return { node: process.version, eventsourceParser: version, rounds, workloads: figures };
}

// A timed run of one contestant on one workload, in a process of its own (see parserBench): a warm-up pass,
// then one timed pass, printed as JSON.
if (process.argv[2] === '--child') {
  const [key, loadKey, dist, size, root] = process.argv.slice(3);
  const player = (await loadContestants(dist, root)).find((candidate) => candidate.key === key);
  const load = workloads(size === 'quick' ? 0.125 : 1, loadKey)[0];
  if (!player || !load) throw new Error(`no contestant ${key} or workload ${loadKey}`);
  player.run(load.chunks);
  globalThis.gc?.();
  const begin = performance.now();
  const run = player.run(load.chunks);
  process.stdout.write(JSON.stringify({ ms: performance.now() - begin, got: key === 'floor' ? run.blocks : run.messages }));
}
