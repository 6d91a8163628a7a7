import type { GlobalThemeOverrides } from 'naive-ui';

/**
 * Naive UI's green primary (#18a058) and its disabled-grey empty text are under 4.5:1 on white;
 * these keep every text colour at WCAG AA.
 */
export const themeOverrides: GlobalThemeOverrides = {
  common: {
    primaryColor: '#b8261d',
    primaryColorHover: '#c9362c',
    primaryColorPressed: '#9a1f17',
    primaryColorSuppl: '#c9362c',
    textColor3: '#5c5f66',
    textColorDisabled: '#6b7079',
    placeholderColor: '#6b7079',
  },
  Empty: {
    textColor: '#5c5f66',
    iconColor: '#8a9099',
  },
};
