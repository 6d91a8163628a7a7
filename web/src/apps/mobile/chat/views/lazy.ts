// A second hop (as deliveries/views/lazy.ts): the router, in every first load, imports only this
// tiny module, so the lists of these screens' chunks and styles to preload stay out of every
// landing's first load and are fetched with the screen.
export const ThreadsView = () => import('./ThreadsView.vue');
export const ThreadView = () => import('./ThreadView.vue');
export const OpenThreadView = () => import('./OpenThreadView.vue');
