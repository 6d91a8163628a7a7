import { registerMessages } from '#shared/i18n';
import zhCN from './zh-CN.json';

// With the unread chunks (loaded after the first paint), not every page's first load.
registerMessages({ 'zh-CN': zhCN, en: () => import('./en.json') });
