import urql from '@urql/vue';
import { createApp } from 'vue';
import { createGraphQLClient } from '#shared/graphql/client';
import { i18n } from '#shared/i18n';
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

createApp(App).use(i18n).use(router).use(urql, client).provide(SessionKey, session).mount('#app');
