/** Money is integer cents (分) everywhere; only the display turns it into yuan. */
export function formatCents(cents: number, locale: string = 'zh-CN'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' }).format(cents / 100);
}

export function sumCents(amounts: readonly number[]): number {
  return amounts.reduce((total, cents) => total + cents, 0);
}
