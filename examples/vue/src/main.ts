// sse-feed in Vue 3: the elements are registered once, Vue's compiler is told they are custom elements (vite.config.mjs).
import { createApp } from 'vue';
import 'sse-feed';
import App from './App.vue';

createApp(App).mount('#app');
