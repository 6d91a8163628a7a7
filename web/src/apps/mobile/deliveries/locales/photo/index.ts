import { registerMessages } from '#shared/i18n';
import zhCN from './zh-CN.json';

// Only the scan dialog's photo field says these: they travel with its chunk, not the courier's landing.
registerMessages({ 'zh-CN': zhCN, en: () => import('./en.json') });
