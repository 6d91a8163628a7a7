/** Grams as people read them: "700 克" / "3.2 千克" (zh-CN), "700 g" / "3.2 kg" (en). */
export function formatWeight(grams: number, locale: string): string {
  const kilos = grams >= 1000;
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: kilos ? 'kilogram' : 'gram',
    unitDisplay: 'short',
    maximumFractionDigits: kilos ? 2 : 0,
  }).format(kilos ? grams / 1000 : grams);
}
