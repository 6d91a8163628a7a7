// A second hop for the complaint screens: the router (in the first-load bundle) imports only this
// tiny module, so the list of these screens' chunks and styles to preload stays out of the phone's
// first load and is fetched with the screen instead.
export const FileComplaintView = () => import('./FileComplaintView.vue');
export const ComplaintView = () => import('./ComplaintView.vue');
export const CasesView = () => import('../../cases/views/CasesView.vue');
