import { registerMessages } from '#shared/i18n';
import zhCN from './zh-CN.json';

// The workspace's messages travel with its chunks; English is fetched when someone shows it.
registerMessages({ 'zh-CN': zhCN, en: () => import('./en.json') });
