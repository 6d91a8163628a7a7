// A second hop for the queue's screens: the router (in every first load, phone included) imports
// only this tiny module, so the preload lists of these Naive UI screens stay out of the phone's
// first load and are fetched with the screen instead.
export const QueueView = () => import('./QueueView.vue');
export const WorkbenchView = () => import('./WorkbenchView.vue');
export const MerchantComplaintsView = () => import('./MerchantComplaintsView.vue');
