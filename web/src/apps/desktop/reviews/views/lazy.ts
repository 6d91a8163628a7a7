// A second hop: the router (in every first load) imports only this tiny module, so this Naive UI
// screen's preload list is fetched with the screen.
export const StoreReviewsView = () => import('./StoreReviewsView.vue');
