// A second hop (as complaints/views/lazy.ts): the router, in every first load (phones included),
// imports only this tiny module, so the Naive UI layout's preload list is fetched with the desk.
export const DesktopLayout = () => import('./DesktopLayout.vue');
