import { registerMessages } from '#shared/i18n';
import zhCN from './zh-CN.json';

// LiveStatus's words travel with it, to every page that shows it (parcel page, courier list).
registerMessages({ 'zh-CN': zhCN, en: () => import('./en.json') });
