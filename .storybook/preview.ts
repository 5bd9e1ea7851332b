// Catalog-wide settings: controls and docs come from custom-elements.json (`npm run analyze`, run by the pre-scripts).
import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import type { ArgTypesEnhancer, Renderer } from 'storybook/internal/types';
import manifest from '../custom-elements.json';

setCustomElementsManifest(manifest);

/** `"fetch" | "eventsource"` → ['fetch', 'eventsource']; undefined unless every member is a string literal (or null). */
function stringLiterals(typeText: unknown): string[] | undefined {
  if (typeof typeText !== 'string' || !typeText.includes('"')) return undefined;
  const parts = typeText.split('|').map((part) => part.trim()).filter((part) => part !== 'null' && part !== 'undefined');
  if (!parts.every((part) => /^"(?:[^"\\]|\\.)*"$/.test(part))) return undefined;
  return parts.map((part) => JSON.parse(part) as string);
}

/**
 * The manifest spells enumerated attributes as literal unions (`transport`, `share`, `stream-end`, `position`):
 * give them a select with those values instead of Storybook's default object editor. A story's own control wins.
 */
const selectForLiteralUnions: ArgTypesEnhancer<Renderer> = ({ argTypes }) =>
  Object.fromEntries(
    Object.entries(argTypes).map(([name, argType]) => {
      const options = argType.control ? undefined : stringLiterals(argType.table?.type?.summary);
      return [name, options ? { ...argType, type: { name: 'enum', value: options }, control: { type: 'select' }, options } : argType];
    }),
  );

const preview: Preview = {
  argTypesEnhancers: [selectForLiteralUnions],
  parameters: {
    controls: { expanded: true, matchers: { color: /(background|color)$/i } },
    backgrounds: {
      options: {
        light: { name: 'Light', value: '#ffffff' },
        dark: { name: 'Dark', value: '#16181d' },
      },
    },
    layout: 'padded',
    // The streamed-answer demo first: the story a visitor tries before anything else. Others keep their order.
    options: { storySort: { order: ['Start here', '*'] } },
  },
  initialGlobals: { backgrounds: { value: 'light' } },
};

export default preview;
