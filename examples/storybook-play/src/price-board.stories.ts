// The price board (examples/vitest) in Storybook, its stream scripted by the test kit; the play function is its test.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { createTestStream, type TestStream } from 'sse-feed/testing';
import { expect, waitFor } from 'storybook/test';
import { renderPriceBoard } from '../../vitest/src/price-board.js';

const meta: Meta = {
  title: 'Price board',
  // One fresh stream per story, given to the page and to the play function.
  loaders: [() => ({ stream: createTestStream() })],
  render: (_args, { loaded }) => {
    const root = document.createElement('div');
    renderPriceBoard(root, { fetch: (loaded.stream as TestStream).fetch });
    return root;
  },
};
export default meta;

export const ShowsTheLatestPrice: StoryObj = {
  play: async ({ canvasElement, loaded }) => {
    const stream = loaded.stream as TestStream;
    await stream.nextRequest();
    stream.open();
    stream.send({ event: 'price', data: JSON.stringify({ last: 42.5 }), id: '1' });
    const price = canvasElement.querySelector('.price')!;
    await waitFor(() => expect(price.textContent).toBe('42.5'));
  },
};

export const TellsThePersonWhenItFails: StoryObj = {
  play: async ({ canvasElement, loaded }) => {
    const stream = loaded.stream as TestStream;
    await stream.nextRequest();
    stream.respond(401);
    const toast = canvasElement.querySelector('status-toast')!;
    await waitFor(() => expect(toast.getAttribute('state')).toBe('failed'));
    // It opens once its looks have loaded (a module of their own, fetched the first time a toast opens).
    await waitFor(() => expect(toast.hasAttribute('open')).toBe(true));
  },
};
