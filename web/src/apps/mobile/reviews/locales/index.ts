import { registerMessages } from '#shared/i18n';
import zhCN from './zh-CN.json';

// This feature's messages travel with its chunk, not with every page's first load; English is
// fetched only when someone shows it (`registerMessages`).
registerMessages({ 'zh-CN': zhCN, en: () => import('./en.json') });
