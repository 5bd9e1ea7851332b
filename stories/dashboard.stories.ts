// Live dashboard: examples/dashboard/index.html itself, a page with no script of its own, on the demo server.
/// <reference types="vite/client" />
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../components/index.js';
import page from '../examples/dashboard/index.html?raw';
import { demoUrl, probeDemoServer } from './support/demo-server-probe.js';
import { needsDemoServer } from './support/live-demo.js';

const meta: Meta = {
  title: 'Live/Dashboard',
  loaders: [async () => ({ demoServer: await probeDemoServer() })],
  parameters: {
    docs: {
      description: {
        component:
          'Three live values, a table of orders that come and go (keyed, updated in place, removed) and an activity log, ' +
          'from one stream, with no script on the page: `<feed-value>` and `<feed-list>` with the page’s own ' +
          '`<template>`. This is `examples/dashboard/index.html`, loaded as it is. Needs `npm start`.',
      },
    },
  },
};
export default meta;

type Story = StoryObj;

/** The example page's styles and `<main>`, its stream pointed at this catalog's demo server. */
function examplePage(): HTMLElement {
  // Our own checked-in page, parsed as a document: no server text is ever parsed as HTML.
  const source = new DOMParser().parseFromString(page, 'text/html');
  const container = document.createElement('div');
  for (const style of source.head.querySelectorAll('style')) container.append(document.importNode(style, true));
  const main = document.importNode(source.querySelector('main')!, true);
  main.querySelector('sse-feed')!.setAttribute('src', demoUrl('demo/dashboard'));
  container.append(main);
  return container;
}

/** The whole dashboard: values, orders and log update live; the table's rows come, change in place and go. */
export const Dashboard: Story = {
  render: (_args, { loaded }) => (loaded.demoServer ? examplePage() : needsDemoServer()),
};
