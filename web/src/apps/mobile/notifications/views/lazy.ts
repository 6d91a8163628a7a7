// A second hop (as complaints/views/lazy.ts): keeps this screen's preload list out of the first load.
export const NotificationsView = () => import('./NotificationsView.vue');
