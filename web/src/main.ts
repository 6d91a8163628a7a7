import urql from '@urql/vue';
import { createApp } from 'vue';
import { createGraphQLClient } from '#shared/graphql/client';
import { i18n, loadLocale } from '#shared/i18n';
import { handleSessionExpiry } from '#shared/session/expiry';
import { createSession, SessionKey } from '#shared/session/session';
import App from './App.vue';
import { createAppRouter } from './router';
import './shared/base.css';

document.documentElement.lang = i18n.global.locale.value;

let onUnauthenticated = () => {};
const client = createGraphQLClient({ onUnauthenticated: () => onUnauthenticated() });
const session = createSession(client);
const router = createAppRouter(session);
onUnauthenticated = () => handleSessionExpiry(session, router);

const app = createApp(App).use(i18n).use(router).use(urql, client).provide(SessionKey, session);
// A viewer who chose English gets its messages before the first paint (Chinese is already here).
void loadLocale(i18n.global.locale.value).finally(() => app.mount('#app'));
