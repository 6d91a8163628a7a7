import { registerMessages } from '#shared/i18n';
import en from './en.json';
import zhCN from './zh-CN.json';

// Travels with the case form's chunk (opened from a support conversation).
registerMessages({ 'zh-CN': zhCN, en });
