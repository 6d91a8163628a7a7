import { registerMessages } from '#shared/i18n';
import zhCN from './zh-CN.json';

// The settings' words travel with the settings (desk header, phone settings page), not with every
// first load; English is fetched only when shown.
registerMessages({ 'zh-CN': zhCN, en: () => import('./en.json') });
