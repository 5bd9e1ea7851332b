// The build's template minifier, checked from Node through rollup itself: `node --test test/minify-templates.node-test.mjs`.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rollup } from 'rollup';
import { minifyTemplates } from '../scripts/minify-templates.mjs';

/** Builds `source` as one module through the plugin; resolves to the output code. */
async function build(source) {
  const bundle = await rollup({
    input: 'entry.js',
    external: () => true,
    plugins: [
      { name: 'entry', resolveId: (id) => (id === 'entry.js' ? id : null), load: (id) => (id === 'entry.js' ? source : null) },
      minifyTemplates(),
    ],
  });
  const { output } = await bundle.generate({ format: 'es' });
  return { code: output[0].code };
}

/** The text between the backticks of the template tagged `tag` in `code`. */
const template = (code, tag) => new RegExp(`${tag}\\s*\`([^\`]*)\``).exec(code)?.[1];

describe('css templates', () => {
  it('keep no indentation, line break, comment or space beside punctuation', async () => {
    const { code } = await build("import { css } from 'lit';\nexport const s = css`\n  :host {\n    color: red; /* the page's colour */\n    margin: 0 auto;\n  }\n  .a > .b, .c :hover {\n    gap: 1px;\n  }\n`;\n");
    assert.equal(template(code, 'css'), ':host{color:red;margin:0 auto}.a > .b,.c :hover{gap:1px}');
  });

  it('drop the zero before a decimal point where a number starts, and only there', async () => {
    const { code } = await build("import { css } from 'lit';\nexport const s = css`\n  .a {\n    margin: 0.75rem -0.5em 10.5px 0;\n    transform: translateY(-0.25rem) scale(0.8);\n    box-shadow: 0 1px 2px rgb(0 0 0 / 0.2), 0 0 0.5px red;\n    content: ' 0.5';\n  }\n`;\n");
    assert.equal(template(code, 'css'), ".a{margin:.75rem -.5em 10.5px 0;transform:translateY(-.25rem) scale(.8);box-shadow:0 1px 2px rgb(0 0 0 / .2),0 0 .5px red;content:' 0.5'}");
  });

  it('leave quoted strings as they are, across an expression too', async () => {
    const { code } = await build("import { css } from 'lit';\nconst x = 'y';\nexport const s = css`\n  .a::before {\n    content: '  two  spaces ; { } ';\n  }\n  .b::after { content: '${x}  ,  '; }\n`;\n");
    assert.match(code, /css\s*`\.a::before\{content:' {2}two {2}spaces ; \{ \} '\}\.b::after\{content:'\$\{x\} {2}, {2}'\}`/);
  });

  it('keep the space that separates two values around an expression', async () => {
    const { code } = await build("import { css, unsafeCSS } from 'lit';\nconst a = unsafeCSS('1px');\nexport const s = css`\n  .a {\n    margin: ${a} ${a};\n    border: ${a} solid;\n  }\n`;\n");
    assert.match(code, /css\s*`\.a\{margin:\$\{a\} \$\{a\};border:\$\{a\} solid\}`/);
  });
});

describe('html and svg templates', () => {
  it('turn a line break and its indentation into one space, or nothing before the > that closes a tag', async () => {
    const { code } = await build("import { html } from 'lit';\nexport const t = (v) => html`<p\n      class=\"a\"\n      title=${v}\n    >\n      one  two\n    </p\n    ><span>${v}</span>`;\n");
    assert.equal(template(code, 'html'), '<p class="a" title=${v}> one  two </p><span>${v}</span>');
  });

  it('leave templates with other tags, and plain template strings, alone', async () => {
    const source = "const other = (s) => s;\nexport const a = other`\n  x {  }\n`;\nexport const b = `\n  <p>\n  </p>\n`;\n";
    const { code } = await build(source);
    assert.ok(code.includes('other `\n  x {  }\n`') || code.includes('other`\n  x {  }\n`'), code);
    assert.ok(code.includes('`\n  <p>\n  </p>\n`'), code);
  });
});
