// Catalog-wide settings: controls and docs come from custom-elements.json (`npm run analyze`, run by the pre-scripts).
import { setCustomElementsManifest, type Decorator, type Preview } from '@storybook/web-components-vite';
import type { ArgTypesEnhancer, InputType, Renderer } from 'storybook/internal/types';
import manifest from '../custom-elements.json';

setCustomElementsManifest(manifest);

interface ManifestAttribute {
  name: string;
  fieldName?: string;
  description?: string;
}
interface ManifestMember {
  kind: string;
  name: string;
  static?: boolean;
  readonly?: boolean;
  description?: string;
}
interface ManifestDeclaration {
  tagName?: string;
  attributes?: ManifestAttribute[];
  members?: ManifestMember[];
}

/** The manifest's declaration of `tagName`, if it documents one. */
function declarationOf(tagName: unknown): ManifestDeclaration | undefined {
  if (typeof tagName !== 'string') return undefined;
  const modules = (manifest as { modules?: { declarations?: ManifestDeclaration[] }[] }).modules ?? [];
  return modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.tagName === tagName);
}

/** `"fetch" | "eventsource"` → ['fetch', 'eventsource']; undefined unless every member is a string literal (or null). */
function stringLiterals(typeText: unknown): string[] | undefined {
  if (typeof typeText !== 'string' || !typeText.includes('"')) return undefined;
  const parts = typeText.split('|').map((part) => part.trim()).filter((part) => part !== 'null' && part !== 'undefined');
  if (!parts.every((part) => /^"(?:[^"\\]|\\.)*"$/.test(part))) return undefined;
  return parts.map((part) => JSON.parse(part) as string);
}

/** What a value of the manifest's type `typeText` can be edited with; `false` when no control fits (a function, a status). */
function controlFor(typeText: string): Partial<InputType> {
  const literals = stringLiterals(typeText);
  if (literals) return { type: { name: 'enum', value: literals }, control: { type: 'select' }, options: literals };
  switch (typeText) {
    case 'boolean':
      return { type: { name: 'boolean' }, control: { type: 'boolean' } };
    case 'number':
      return { type: { name: 'number' }, control: { type: 'number' } };
    case 'string':
      return { type: { name: 'string' }, control: { type: 'text' } };
    default:
      // Plain data objects (`headers`, `strings`) can be typed in as JSON; functions, request bodies and
      // status snapshots cannot.
      return /^(Record|Partial)</.test(typeText) ? { control: { type: 'object' } } : { control: false };
  }
}

const isReadOnly = (description = ''): boolean => /read-only/i.test(description);

/**
 * Controls typed from custom-elements.json, one per thing a page can set:
 * - an attribute gets the control of its type (a select for literal unions such as `transport`, `share`,
 *   `stream-end`, `position`, `theme`); a read-only one (`state`, `stale`, `open`) is documented without one;
 * - a property that an attribute mirrors (`retryMaxCount` for `retry-max-count`) is left to that attribute's row;
 *   properties without an attribute (`headers`, `strings`) keep theirs, function- and object-typed ones
 *   (`fetch`, `body`, `status`) are documented without a control;
 * - CSS custom properties are strings: a colour picker for colours, a text field for sizes and times;
 * - events, parts and slots are documentation only (the Actions panel logs the events).
 * A story's own argTypes win over all of this.
 */
const controlsFromManifest: ArgTypesEnhancer<Renderer> = ({ argTypes, component }) => {
  const declaration = declarationOf(component);
  const mirrored = new Map((declaration?.attributes ?? []).filter((attribute) => attribute.fieldName).map((attribute) => [attribute.fieldName, attribute.name]));
  const members = new Map((declaration?.members ?? []).map((member) => [member.name, member]));
  const enhanced = Object.entries(argTypes).map(([name, argType]): [string, InputType] => {
    const category = argType.table?.category;
    const typeText = String(argType.table?.type?.summary ?? '');
    if (argType.control !== undefined) return [name, argType];
    switch (category) {
      case 'attributes': {
        const attribute = declaration?.attributes?.find((candidate) => candidate.name === name);
        const readOnly = !attribute?.fieldName || isReadOnly(attribute.description);
        if (readOnly) return [name, { ...argType, control: false }];
        const property = attribute?.fieldName && attribute.fieldName !== name ? ` Property: \`${attribute.fieldName}\`.` : '';
        return [name, { ...argType, ...controlFor(typeText), description: `${argType.description ?? ''}${property}` }];
      }
      case 'properties': {
        const member = members.get(name);
        if (member?.static || mirrored.has(name)) return [name, { ...argType, table: { ...argType.table, disable: true } }];
        if (member?.readonly || isReadOnly(member?.description)) return [name, { ...argType, control: false }];
        return [name, { ...argType, ...controlFor(typeText) }];
      }
      case 'css custom properties':
        return [name, { ...argType, type: { name: 'string' }, control: { type: /(color|background)$/.test(name) ? 'color' : 'text' } }];
      case 'events':
      case 'css shadow parts':
      case 'slots':
        return [name, { ...argType, type: { name: 'other', value: '' }, control: false }];
      default:
        return [name, argType];
    }
  });
  return Object.fromEntries(enhanced) as typeof argTypes;
};

/**
 * The demos and the elements follow the page's `color-scheme` (the elements' documented behaviour): the catalog's
 * background switch sets it, so the dark background is a dark page, not light text and widgets on black.
 */
const colorSchemeFromBackground: Decorator = (story, context) => {
  const background = (context.globals.backgrounds as { value?: string } | undefined)?.value;
  if (context.viewMode === 'story') document.documentElement.style.colorScheme = background === 'dark' ? 'dark' : 'light';
  return story();
};

const preview: Preview = {
  argTypesEnhancers: [controlsFromManifest],
  decorators: [colorSchemeFromBackground],
  parameters: {
    controls: { expanded: true },
    backgrounds: {
      options: {
        light: { name: 'Light', value: '#ffffff' },
        dark: { name: 'Dark', value: '#16181d' },
      },
    },
    layout: 'padded',
    // The introduction (the live demo first), then the streamed answer; then the guides (stories/guides/*.mdx: the
    // ones named here first, in a reader's order, and any other guide after them), then the elements and live demos.
    options: {
      storySort: {
        order: [
          'Start here',
          ['Introduction', 'Live demo', 'Streaming answer'],
          'Guides',
          [
            'Frameworks',
            'Streaming answers',
            'Expiring tokens',
            'Last-Event-ID in the query string',
            'Sharing a connection',
            'Stale data',
            'Theming',
            'Translating',
            'Accessibility',
            'Debugging',
            'Many feeds on one page',
            'Browser support',
            'Benchmarks',
            '*',
          ],
          'Elements',
          'Live',
          '*',
        ],
      },
    },
  },
  initialGlobals: { backgrounds: { value: 'light' } },
};

export default preview;
