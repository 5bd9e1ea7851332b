// @ts-check
// Analyzer plugins (custom-elements-manifest.config.mjs): custom-elements.json holds the public API of the
// elements only, with resolved types, under the paths of files the package ships.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import ts from 'typescript';

/**
 * What these plugins read and rewrite of the manifest while the analyzer builds it: a loose, writable view of
 * custom-elements-manifest's schema.
 * @typedef {{ name: string, module?: string, package?: string }} Reference
 * @typedef {{ kind?: string, name: string, static?: boolean, privacy?: string, internal?: boolean, fieldName?: string, type?: { text: string }, inheritedFrom?: Reference }} Member
 * @typedef {{ [list: string]: unknown, name: string, tagName?: string, customElement?: boolean, superclass?: Reference, members?: Member[], attributes?: Member[], events?: Member[] }} Declaration
 * @typedef {{ kind: string, name: string, declaration: Reference }} Export
 * @typedef {{ kind?: string, path: string, declarations?: Declaration[], exports?: Export[] }} Module
 * @typedef {{ customElementsManifest: { modules: Module[] } }} LinkPhase
 */

/** A member is internal when it is private by language or by convention, or its JSDoc says so. */
const INTERNAL_JSDOC_TAGS = new Set(['internal', 'ignore', 'private', 'protected']);

const customElementsOf = (/** @type {{ modules: Module[] }} */ manifest) =>
  manifest.modules.flatMap((module) => (module.declarations ?? []).filter((declaration) => declaration.customElement).map((declaration) => ({ module, declaration })));

/**
 * The TypeScript program of the element sources, with the project's compiler options, to ask it for types.
 * @param {string[]} rootNames
 */
function createProgram(rootNames) {
  const configPath = ts.findConfigFile(process.cwd(), ts.sys.fileExists, 'tsconfig.json');
  const options = configPath
    ? ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })?.options ?? {}
    : {};
  return ts.createProgram(rootNames, { ...options, noEmit: true });
}

/**
 * The text of a type when it is made of literals and primitives only (`"fetch" | "eventsource"`, `number`,
 * `boolean`, `string | null`), which is what tools can turn into controls and framework typings; undefined
 * for anything else (an interface, a function), whose name the manifest keeps.
 * @param {import('typescript').Type} type @param {import('typescript').TypeChecker} checker
 */
export function expandedTypeText(type, checker) {
  const parts = type.isUnion() ? type.types : [type];
  /** @type {string[]} */
  const texts = [];
  let booleans = 0;
  for (const part of parts) {
    if (part.flags & ts.TypeFlags.Undefined) continue; // an optional member
    if (part.flags & ts.TypeFlags.Null) texts.push('null');
    else if (part.flags & ts.TypeFlags.BooleanLiteral) booleans += 1;
    else if (part.isStringLiteral()) texts.push(JSON.stringify(part.value));
    else if (part.isNumberLiteral()) texts.push(String(part.value));
    else if (part.flags & (ts.TypeFlags.String | ts.TypeFlags.Number | ts.TypeFlags.Boolean)) texts.push(checker.typeToString(part));
    else return undefined;
  }
  if (booleans === 2) texts.unshift('boolean');
  else if (booleans === 1) return undefined; // `true` alone: rare enough to leave to the author's text
  // `null` last, as people write it.
  const sorted = [...texts.filter((text) => text !== 'null'), ...texts.filter((text) => text === 'null')];
  return sorted.length ? sorted.join(' | ') : undefined;
}

/**
 * Resolves the types of the elements' fields and attributes with the TypeScript checker: aliases of literal
 * unions are spelled out (`FeedTransport` becomes `"fetch" | "eventsource"`, so Storybook and the framework
 * typings can offer the values), and fields without an annotation get their inferred type (`retryInterval =
 * DEFAULT.retryInterval` is a `number`). Members that are internal (see INTERNAL_JSDOC_TAGS) are noted for
 * publicApiOnly() to drop.
 */
export function resolveTypes() {
  return {
    name: 'sse-feed: resolve types',
    /** @param {LinkPhase} phase */
    packageLinkPhase({ customElementsManifest }) {
      const elements = customElementsOf(customElementsManifest);
      const program = createProgram([...new Set(elements.map(({ module }) => resolve(module.path)))]);
      const checker = program.getTypeChecker();
      for (const { module, declaration } of elements) {
        const source = program.getSourceFile(resolve(module.path));
        const classNode = source?.statements.find((node) => ts.isClassDeclaration(node) && node.name?.text === declaration.name);
        if (!classNode) throw new Error(`resolve types: class ${declaration.name} not found in ${module.path}`);
        const instanceType = checker.getTypeAtLocation(classNode);
        /** @type {Map<string, string>} */
        const fieldTypes = new Map();
        for (const member of declaration.members ?? []) {
          if (member.static || member.name.startsWith('#')) continue;
          const symbol = instanceType.getProperty(member.name);
          if (!symbol) continue;
          const tags = (symbol.declarations ?? []).flatMap((node) => ts.getJSDocTags(node).map((tag) => tag.tagName.text));
          if (tags.some((tag) => INTERNAL_JSDOC_TAGS.has(tag))) member.internal = true;
          if (member.kind !== 'field') continue;
          const type = checker.getTypeOfSymbolAtLocation(symbol, classNode);
          const text = expandedTypeText(type, checker) ?? member.type?.text ?? checker.typeToString(type);
          member.type = { text };
          fieldTypes.set(member.name, text);
        }
        for (const attribute of declaration.attributes ?? []) {
          const text = attribute.fieldName && fieldTypes.get(attribute.fieldName);
          if (text) attribute.type = { text };
        }
      }
    },
  };
}

/**
 * A default as the manifest writes it, JavaScript source text: `1000`, `0.3`, `false`, `'auto'`, `null`.
 * @param {unknown} value
 */
const sourceText = (value) => (typeof value === 'string' ? `'${value.replace(/[\\']/g, '\\$&')}'` : String(value));

/**
 * Gives the fields (and attributes) of `tagName` that are options of the engine the default of the options
 * table (`components/core/options.ts`), which `<sse-feed>` assigns in a loop the analyzer cannot read: every
 * number, boolean and string default then shows in the catalog's table and in editors. The table is bundled
 * with esbuild and imported, so the manifest says what the code does.
 * @param {string} tagName @param {string} optionsModule
 */
export async function optionDefaults(tagName, optionsModule) {
  const { outputFiles } = await build({ entryPoints: [optionsModule], bundle: true, write: false, format: 'esm', platform: 'neutral', logLevel: 'silent' });
  /** @type {{ OPTIONS: Record<string, { value: unknown }> }} */
  const { OPTIONS } = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
  return {
    name: 'sse-feed: option defaults',
    /** @param {LinkPhase} phase */
    packageLinkPhase({ customElementsManifest }) {
      for (const { declaration } of customElementsOf(customElementsManifest)) {
        if (declaration.tagName !== tagName) continue;
        const items = /** @type {Array<Member & { default?: string }>} */ ([...(declaration.members ?? []), ...(declaration.attributes ?? [])]);
        for (const item of items) {
          const name = item.fieldName ?? (item.kind === 'field' ? item.name : undefined);
          const row = name !== undefined && Object.hasOwn(OPTIONS, name) ? OPTIONS[name] : undefined;
          const value = row?.value;
          if (row && (value === null || ['string', 'number', 'boolean'].includes(typeof value))) item.default ??= sourceText(value);
        }
      }
    },
  };
}

/**
 * Gives `tagName` the attributes its properties module declares at run time (`<sse-feed>` takes one property
 * per option from the options table, which the analyzer cannot read): each field gets its `attribute`, and the
 * element an attribute entry, as the analyzer makes them from a `static properties` literal; the fields'
 * attributes are then listed in the fields' order. The module is bundled with esbuild and imported, so the
 * manifest says what the code does. Runs before resolveTypes() and optionDefaults(), as the analyzer's own.
 * @param {string} tagName @param {string} propertiesModule exports `optionProperties()`
 */
export async function optionAttributes(tagName, propertiesModule) {
  const { outputFiles } = await build({ entryPoints: [propertiesModule], bundle: true, write: false, format: 'esm', platform: 'neutral', logLevel: 'silent' });
  /** @type {{ optionProperties: () => Record<string, { type?: unknown, attribute?: string | false }> }} */
  const { optionProperties } = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
  const properties = optionProperties();
  return {
    name: 'sse-feed: option attributes',
    /** @param {LinkPhase} phase */
    packageLinkPhase({ customElementsManifest }) {
      for (const { declaration } of customElementsOf(customElementsManifest)) {
        if (declaration.tagName !== tagName) continue;
        const members = /** @type {Array<Member & { attribute?: string }>} */ (declaration.members ?? []);
        const attributes = declaration.attributes ?? [];
        for (const [name, options] of Object.entries(properties)) {
          const index = members.findIndex((member) => member.kind === 'field' && !member.static && member.name === name);
          if (index < 0) throw new Error(`option attributes: <${tagName}> declares no field ${name}: add it (with its JSDoc)`);
          // What the analyzer makes of `name: { type: Boolean, attribute: '...' }` (its lit static-properties plugin).
          /** @type {Member & { attribute?: string }} */
          const member = Object.assign({ kind: 'field', name, privacy: 'public' }, options.type === Boolean ? { type: { text: 'boolean' } } : {}, members[index]);
          if (options.attribute !== false) {
            /** @type {Record<string, unknown>} */
            const attribute = { ...member, fieldName: name }; // `name` keeps its place, first
            for (const key of ['kind', 'static', 'privacy', 'reflects', 'resolveInitializer']) delete attribute[key];
            attribute.name = member.attribute = options.attribute ?? name;
            attributes.push(/** @type {Member} */ (attribute));
          }
          members[index] = member;
        }
        // The analyzer lists a class's attributes in the order of its `static properties`, which follows its fields.
        const order = new Map(members.map((member, index) => [member.name, index]));
        const position = (/** @type {Member} */ attribute) => (attribute.fieldName === undefined ? -1 : order.get(attribute.fieldName) ?? -1);
        declaration.attributes = attributes.map((attribute, index) => ({ attribute, index })).sort((a, b) => position(a.attribute) - position(b.attribute) || a.index - b.index).map(({ attribute }) => attribute);
      }
    },
  };
}

/**
 * Keeps the public API only: no `#private`, `private` or `protected` members, no `_underscored` or
 * `@internal`/`@ignore` ones, and no declarations that are not custom elements (helpers, controllers).
 */
export function publicApiOnly() {
  const isPublic = (/** @type {Member} */ member) =>
    !member.internal && !member.name.startsWith('#') && !member.name.startsWith('_') && (member.privacy ?? 'public') === 'public';
  return {
    name: 'sse-feed: public API only',
    /** @param {LinkPhase} phase */
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        module.declarations = (module.declarations ?? []).filter((declaration) => declaration.customElement);
        for (const declaration of module.declarations) {
          // A getter and its setter arrive as two members: keep one, with what either says.
          /** @type {Map<string, Member>} */
          const byKey = new Map();
          for (const member of (declaration.members ?? []).filter(isPublic)) {
            const key = `${member.static ? 'static ' : ''}${member.name}`;
            if (byKey.has(key)) byKey.set(key, { ...member, ...byKey.get(key) });
            else byKey.set(key, member);
          }
          declaration.members = [...byKey.values()];
          const kept = new Set(declaration.members.filter((member) => !member.static).map((member) => member.name));
          for (const member of declaration.members) delete member.internal;
          for (const attribute of declaration.attributes ?? []) {
            if (attribute.fieldName && !kept.has(attribute.fieldName)) delete attribute.fieldName;
          }
          for (const key of ['attributes', 'events', 'slots', 'cssParts', 'cssProperties', 'cssStates']) {
            const list = declaration[key];
            if (Array.isArray(list) && list.length === 0) delete declaration[key];
          }
        }
      }
    },
  };
}

/**
 * Moves the element declarations from the sources (components/x/x.ts, which the package does not ship) to the
 * entry modules that export them: `entries` lists each entry's source and its built file, in order; an
 * element is declared in the first entry that exports it, re-exported from the others, and defined (a
 * `custom-element-definition` export) in the entries marked `registers`. Every other module is dropped.
 * @param {{ source: string, path: string, registers?: boolean }[]} entries
 */
export function shippedModules(entries) {
  return {
    name: 'sse-feed: shipped modules',
    /** @param {LinkPhase} phase */
    packageLinkPhase({ customElementsManifest }) {
      const modules = new Map(customElementsManifest.modules.map((module) => [module.path, module]));
      // `./sse-feed/sse-feed.js` from components/elements.ts is components/sse-feed/sse-feed.ts.
      const sourcePath = (/** @type {string} */ from, /** @type {string} */ specifier) => {
        if (!specifier.startsWith('.')) return specifier.replace(/\.js$/, '.ts');
        return posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\.js$/, '.ts');
      };
      // The custom element declarations a module exports, as [exported name, declaration], through re-exports.
      /** @type {(path: string, seen?: Set<string>) => [string, Declaration][]} */
      const exported = (path, seen = new Set()) => {
        const module = modules.get(path);
        if (!module || seen.has(path)) return [];
        seen.add(path);
        /** @type {[string, Declaration][]} */
        const found = [];
        for (const entry of module.exports ?? []) {
          if (entry.kind !== 'js') continue;
          const target = entry.declaration.module ?? entry.declaration.package;
          const targetPath = target ? sourcePath(path, target) : path;
          if (entry.name === '*') {
            found.push(...exported(targetPath, seen));
            continue;
          }
          const declaration = modules.get(targetPath)?.declarations?.find((candidate) => candidate.name === entry.declaration.name);
          if (declaration?.customElement) found.push([entry.name, declaration]);
          else if (targetPath !== path) {
            const inner = exported(targetPath, new Set(seen)).find(([name]) => name === entry.declaration.name);
            if (inner) found.push([entry.name, inner[1]]);
          }
        }
        return found;
      };

      /** @type {Map<Declaration, string>} */
      const declaredIn = new Map(); // declaration -> shipped path
      const shipped = entries.map(({ source, path, registers }) => {
        /** @type {Required<Module>} */
        const module = { kind: 'javascript-module', path, declarations: [], exports: [] };
        for (const [name, declaration] of exported(source)) {
          if (!declaredIn.has(declaration)) {
            declaredIn.set(declaration, path);
            module.declarations.push(declaration);
          }
          module.exports.push({ kind: 'js', name, declaration: { name: declaration.name, module: declaredIn.get(declaration) } });
          if (registers && declaration.tagName) {
            module.exports.push({ kind: 'custom-element-definition', name: declaration.tagName, declaration: { name: declaration.name, module: declaredIn.get(declaration) } });
          }
        }
        return module;
      });

      const left = customElementsOf(customElementsManifest).filter(({ declaration }) => !declaredIn.has(declaration));
      for (const { module, declaration } of left) {
        console.warn(`shipped modules: <${declaration.tagName}> (${declaration.name} in ${module.path}) is exported by no entry: left out`);
      }
      // References to the sources (inheritedFrom, superclass) point at the shipped module, or at nothing.
      const byName = new Map([...declaredIn].map(([declaration, path]) => [declaration.name, path]));
      const relink = (/** @type {Reference | undefined} */ reference) => {
        if (!reference?.module || reference.package) return;
        const path = byName.get(reference.name);
        if (path) reference.module = path;
        else delete reference.module;
      };
      for (const declaration of declaredIn.keys()) {
        relink(declaration.superclass);
        for (const list of /** @type {const} */ (['members', 'attributes', 'events'])) for (const item of declaration[list] ?? []) relink(item.inheritedFrom);
      }
      customElementsManifest.modules = shipped;
    },
  };
}

/** Fails the analysis when a module path names a file the package does not ship (after a build). */
export function assertShippedPaths(packageFiles = ['dist']) {
  return {
    name: 'sse-feed: shipped paths only',
    /** @param {LinkPhase} phase */
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        const path = module.path;
        const inPackage = packageFiles.some((entry) => path === entry || path.startsWith(`${entry}/`));
        if (!inPackage || !path.endsWith('.js')) throw new Error(`custom-elements.json: module ${path} is not a file the package ships`);
        // Before the first build there is no dist/ yet; scripts/check-dist.mjs checks the files after one.
        if (existsSync('dist') && !existsSync(path)) console.warn(`custom-elements.json: ${path} does not exist (yet): run npm run build`);
      }
    },
  };
}
