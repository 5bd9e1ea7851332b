// The Storybook UI's own settings.
import { addons } from 'storybook/manager-api';

addons.setConfig({
  // Storybook 10.6's zoom tool logs "The 'ariaLabel' prop on 'PopoverProvider' will become mandatory in Storybook
  // 11" whenever it is shown (its popover has no label), and e2e fails on any console warning. The browser's own
  // zoom does the same job for these stories. Set here rather than as a story parameter, which the toolbar reads
  // only once a story is prepared, after the tool has rendered.
  toolbar: { zoom: { hidden: true } },
});
