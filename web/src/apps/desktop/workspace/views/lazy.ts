// A second hop, as for the queue's screens: the router's first load carries only this module.
export const MacrosView = () => import('./MacrosView.vue');
