import { registerMessages } from '#shared/i18n';
import zhCN from './zh-CN.json';

// With the banner's chunk, loaded after the first paint.
registerMessages({ 'zh-CN': zhCN, en: () => import('./en.json') });
