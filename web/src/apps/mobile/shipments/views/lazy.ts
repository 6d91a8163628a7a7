// A second hop (as complaints/views/lazy.ts): the router, in every first load, imports only this
// tiny module, so the list of this screen's chunks and styles to preload stays out of the phone's
// first load and is fetched with the screen.
export const ShipmentView = () => import('./ShipmentView.vue');
