// @ts-check
// A rollup plugin that takes the indentation and line breaks out of css``, html`` and svg`` templates, which Lit renders the same.
//
// Whitespace only (and a number's leading zero), by rules that cannot change what renders. CSS: runs of whitespace
// become one space, comments go, no space is kept beside `{ } ; ,` or after `:`, nor a `;` before `}`, nor the zero
// of `0.5` (quoted strings are left alone). HTML and SVG: a run of whitespace that holds a line break becomes one
// space (what such a run renders as; the components use no preformatted whitespace), or nothing before the `>` that
// closes a tag. Placed after the TypeScript plugin, it sees JavaScript; a template whose tag is another identifier
// is left as it is.

import MagicString from 'magic-string';

const HTML_TAGS = new Set(['html', 'svg']);

/** @typedef {import('estree').Node} Node */

/**
 * Calls `visit` for every node of an ESTree `node`, depth first.
 * @param {unknown} node @param {(node: Node) => void} visit
 */
function walk(node, visit) {
  if (!node || typeof node !== 'object' || !('type' in node) || typeof node.type !== 'string') return;
  visit(/** @type {Node} */ (node));
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) value.forEach((child) => walk(child, visit));
    else if (value && typeof value === 'object') walk(value, visit);
  }
}

/**
 * Whitespace out of CSS outside strings and comments: one space at most, none beside punctuation; and the zero
 * before a decimal point (`0.75rem` is `.75rem`) where a number starts, after a space, a colon, a comma or a bracket.
 */
/** @param {string} text */
function minifyCss(text) {
  return text
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/;}/g, '}')
    .replace(/([ :,(/])(-?)0\.(?=\d)/g, '$1$2.');
}

/**
 * The quasis (raw text between expressions) of one css`` template, minified. A quoted string may run across an
 * expression (`content: '${x}'`), so the string state is carried from one quasi to the next.
 * @param {string[]} raws
 */
function minifyCssQuasis(raws) {
  /** @type {string | null} */
  let quote = null;
  return raws.map((raw, index) => {
    let out = '';
    let plain = '';
    for (let i = 0; i < raw.length; i++) {
      const char = raw[i];
      if (!quote && char === '/' && raw[i + 1] === '*') {
        // A comment (whose apostrophes open no string) is whitespace.
        const end = raw.indexOf('*/', i + 2);
        if (end === -1) {
          plain += raw.slice(i);
          break;
        }
        plain += ' ';
        i = end + 1;
      } else if (quote) {
        out += char;
        if (char === '\\') out += raw[++i] ?? '';
        else if (char === quote) quote = null;
      } else if (char === '"' || char === "'") {
        out += minifyCss(plain) + char;
        plain = '';
        quote = char;
      } else {
        plain += char;
      }
    }
    out += minifyCss(plain);
    if (index === 0) out = out.replace(/^ /, '');
    if (index === raws.length - 1) out = out.replace(/ $/, '');
    return out;
  });
}

/** A line break and the indentation around it, in HTML or SVG: one space, as it renders. @param {string[]} raws */
function minifyHtmlQuasis(raws) {
  return raws.map((raw) => raw.replace(/[ \t]*[\r\n]\s*(\/?>)?/g, (_, /** @type {string | undefined} */ close) => close ?? ' '));
}

/**
 * The plugin: `transform` rewrites each matching template of the project's own modules, with a source map.
 * @returns {import('rollup').Plugin}
 */
export function minifyTemplates() {
  return {
    name: 'minify-templates',
    transform(code, id) {
      if (id.includes('/node_modules/') || !/\b(?:css|html|svg)\s*`/.test(code)) return null;
      const magic = new MagicString(code);
      walk(this.parse(code), (node) => {
        if (node.type !== 'TaggedTemplateExpression' || node.tag.type !== 'Identifier') return;
        const tag = node.tag.name;
        if (tag !== 'css' && !HTML_TAGS.has(tag)) return;
        // Rollup's parser gives every node its offsets in `code`.
        const quasis = /** @type {(import('estree').TemplateElement & { start: number, end: number })[]} */ (node.quasi.quasis);
        const raws = quasis.map((quasi) => code.slice(quasi.start, quasi.end));
        if (raws.some((raw, index) => raw !== quasis[index].value.raw)) this.error(`minify-templates: unexpected positions in ${id}`);
        const minified = tag === 'css' ? minifyCssQuasis(raws) : minifyHtmlQuasis(raws);
        quasis.forEach((quasi, index) => {
          if (minified[index] === raws[index]) return;
          if (minified[index] === '') magic.remove(quasi.start, quasi.end);
          else magic.overwrite(quasi.start, quasi.end, minified[index]);
        });
      });
      if (!magic.hasChanged()) return null;
      return { code: magic.toString(), map: magic.generateMap({ hires: true }) };
    },
  };
}
