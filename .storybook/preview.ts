// Catalog-wide settings: controls and docs come from custom-elements.json (`npm run analyze`, run by the pre-scripts).
import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';

setCustomElementsManifest(manifest);

const preview: Preview = {
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
