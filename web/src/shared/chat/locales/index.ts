import { registerMessages } from '#shared/i18n';
import zhCN from './zh-CN.json';

// Chat's messages travel with the chat chunks, not with every page's first load.
registerMessages({ 'zh-CN': zhCN, en: () => import('./en.json') });
