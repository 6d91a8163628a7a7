// A second hop (as deliveries/views/lazy.ts): keeps this screen's preload list out of the first load.
export const SettingsView = () => import('./SettingsView.vue');
