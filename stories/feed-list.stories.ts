// <feed-list>: items from the page's template, keyed updates and removals, the log, and every data-format in a list.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../components/index.js';
import { demoUrl, probeDemoServer } from './support/demo-server-probe.js';
import { needsDemoServer } from './support/live-demo.js';
import { scriptedStream, sseEvent } from './support/scripted-feed.js';

const meta: Meta = {
  title: 'Elements/feed-list',
  component: 'feed-list',
  tags: ['autodocs'],
  loaders: [async () => ({ demoServer: await probeDemoServer() })],
  parameters: {
    docs: {
      description: {
        component:
          'One item per message, made from the page’s own `<template>`: `data-field` sets text, `data-attr-NAME` a few ' +
          'safe attributes, `key` updates an item in place and `remove-event` removes it. Needs `npm start`.',
      },
    },
  },
};
export default meta;

type Story = StoryObj;

const styles = html`<style>
  .list-story {
    font: 15px/1.5 system-ui, sans-serif;
  }
  .list-story feed-list {
    display: block;
  }
  .list-story [data-state='up'] {
    color: #1a7f37;
  }
  .list-story [data-state='down'] {
    color: #cf222e;
  }
</style>`;

/** The live price stream, newest first, ten at most; each item's class and title come from the data. */
export const LivePrices: Story = {
  render: (_args, { loaded }) =>
    loaded.demoServer
      ? html`${styles}
          <div class="list-story">
            <sse-feed src=${demoUrl('demo/live')} json>
              <feed-list order="newest-first" limit="10" announce aria-label="Prices">
                <template>
                  <p data-attr-title="time">#<span data-field="@id"></span> <span data-field="symbol"></span> <strong data-field="price" data-format="currency" data-currency="USD"></strong> at <time data-field="time" data-format="time" data-attr-datetime="time"></time></p>
                </template>
              </feed-list>
            </sse-feed>
          </div>`
      : needsDemoServer(),
};

/** Every `data-format` in one item (German): the same data written eight ways. */
export const Formats: Story = {
  render: (_args, { loaded }) => {
    if (!loaded.demoServer) return needsDemoServer();
    const src = scriptedStream([sseEvent({ n: 1234.5678, f: 0.125, eur: 19.99, mb: 3.5, t: '2026-03-01T12:30:00Z', s: '<i>text</i>' })], 300);
    return html`${styles}
      <div class="list-story" lang="de">
        <sse-feed src=${src}>
          <feed-list role="list" aria-label="Formats">
            <template>
              <li>text: <span data-field="s"></span></li>
              <li>number: <span data-field="n" data-format="number" data-max-fraction-digits="2"></span></li>
              <li>percent: <span data-field="f" data-format="percent"></span></li>
              <li>currency: <span data-field="eur" data-format="currency" data-currency="EUR"></span></li>
              <li>unit: <span data-field="mb" data-format="unit" data-unit="megabyte"></span></li>
              <li>date: <span data-field="t" data-format="date"></span></li>
              <li>time: <span data-field="t" data-format="time"></span></li>
              <li>datetime: <span data-field="t" data-format="datetime"></span></li>
            </template>
          </feed-list>
        </sse-feed>
      </div>`;
  },
};

/** Keyed: orders arrive, change in place (`key="id"`) and leave (`remove-event="done"`), one every 700 ms. */
export const KeyedUpdates: Story = {
  render: (_args, { loaded }) => {
    if (!loaded.demoServer) return needsDemoServer();
    const steps = [
      sseEvent({ id: 'A-1', status: 'new', trend: 'up' }, 'order'),
      sseEvent({ id: 'A-2', status: 'new', trend: 'up' }, 'order'),
      sseEvent({ id: 'A-1', status: 'packing', trend: 'down' }, 'order'),
      sseEvent({ id: 'A-3', status: 'new', trend: 'up' }, 'order'),
      sseEvent({ id: 'A-1', status: 'shipped', trend: 'up' }, 'order'),
      sseEvent({ id: 'A-1' }, 'done'),
      sseEvent({ id: 'A-2', status: 'packing', trend: 'down' }, 'order'),
    ];
    return html`${styles}
      <div class="list-story">
        <sse-feed src=${scriptedStream(steps, 700)}>
          <feed-list role="list" aria-label="Orders" event="order" key="id" remove-event="done">
            <template><li data-attr-data-state="trend"><b data-field="id"></b>: <span data-field="status"></span></li></template>
          </feed-list>
        </sse-feed>
      </div>`;
  },
};
