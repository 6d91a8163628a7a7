import { registerMessages } from '#shared/i18n';
import en from './en.json';
import zhCN from './zh-CN.json';

// This feature's messages travel with its chunk, not with every page's first load.
registerMessages({ 'zh-CN': zhCN, en });
