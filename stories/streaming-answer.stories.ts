// The catalog's first story: a chat box whose answer streams token by token from the demo server, and survives a drop.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../components/index.js';
import { answerDemoNeedsServer, type AnswerApi } from './support/answer-demo.js';
import './support/answer-demo.js';
import { probeDemoServer } from './support/demo-server-probe.js';

interface Args {
  /** Ms between tokens (0: the server's 40 ms). */
  pace: number;
  /** Tokens the server sends before it drops the connection, when the drop switch is on. */
  dropAfter: number;
  /** The drop switch's starting position. */
  dropNext: boolean;
  /** Which demo route answers: resumable token events, or the OpenAI chat-completion format. */
  api: AnswerApi;
}

const meta: Meta<Args> = {
  title: 'Start here/Streaming answer',
  args: { pace: 0, dropAfter: 12, dropNext: false, api: 'answers' },
  argTypes: {
    pace: { control: { type: 'range', min: 0, max: 300, step: 10 }, description: 'Ms between tokens (0: the server default, 40 ms)' },
    dropAfter: { control: { type: 'number', min: 1, max: 100 }, description: 'Tokens before the drop, when the switch is on' },
    dropNext: { control: 'boolean', description: 'Start with "Drop the connection mid-answer" on' },
    api: {
      control: { type: 'inline-radio' },
      options: ['answers', 'chat'],
      description:
        '`answers`: `POST /demo/answer`, resumed after a drop. `chat`: `POST /demo/chat/completions` in the OpenAI format ' +
        '(`json close-data="[DONE]"`): a drop fails the answer, and the toast\'s Retry asks for it afresh',
    },
  },
  loaders: [async () => ({ demoServer: await probeDemoServer() })],
  render: (args, { loaded }) =>
    loaded.demoServer
      ? html`<answer-demo api=${args.api} pace=${args.pace} drop-after=${args.dropAfter} ?drop-next=${args.dropNext}></answer-demo>`
      : answerDemoNeedsServer(),
  parameters: {
    docs: {
      description: {
        component:
          'A generated answer streamed over SSE: Send posts the prompt through `<sse-feed method="POST" manual close-event="done">`, ' +
          'each `token` event is appended as text, and the `done` event closes the feed (a finished POST is never sent again). ' +
          'Stop calls `close()`. With "Drop the connection mid-answer" on, the server cuts the connection after a few tokens; ' +
          "the feed's `fetch` turns the retry into `GET /demo/answers/<id>` with the `Last-Event-ID` it received last, and the " +
          'answer goes on with every token exactly once. The `api` switch (`chat`) asks `POST /demo/chat/completions` instead, ' +
          'in the OpenAI format with `close-data="[DONE]"`: there a drop fails the answer and the toast offers Retry. Needs `npm start`.',
      },
    },
  },
};
export default meta;

type Story = StoryObj<Args>;

/** Ask a question; turn on the drop switch to watch a dropped answer resume where it stopped. */
export const StreamingAnswer: Story = { name: 'Streaming answer' };

/** The same chat box on an OpenAI-format endpoint: a finished answer says "Done"; a dropped one fails with Retry. */
export const ChatCompletions: Story = { name: 'OpenAI-format endpoint', args: { api: 'chat' } };
