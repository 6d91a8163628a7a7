// A second hop, as for the complaint screens: the router imports only this tiny module, so the
// review screen's chunks and styles are fetched with the screen, not with the phone's first load.
export const OrderReviewView = () => import('./OrderReviewView.vue');
