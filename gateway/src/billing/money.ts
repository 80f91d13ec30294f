/** Integer money helpers; every amount is in fen (分). */

/** round_half_up(numerator / denominator) for numerator >= 0, denominator > 0 (exact for safe integers). */
export function roundHalfUpDiv(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** The price of `seconds` at `fenPerHour`: round_half_up(seconds x price / 3600). */
export function timeCharge(seconds: number, fenPerHour: number): number {
  return roundHalfUpDiv(seconds * fenPerHour, 3600);
}

/** `pct` percent of `fen`, rounded half up. */
export function percentOf(fen: number, pct: number): number {
  return roundHalfUpDiv(fen * pct, 100);
}

/** ¥98.00, -¥1.50 */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A percent off as Chinese staff say it: 10 -> 9折, 12 -> 8.8折, 5 -> 9.5折. */
export function zhe(pctOff: number): string {
  return `${(100 - pctOff) / 10}折`;
}

/** 2小时5分30秒, 45分, 0秒 */
export function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = [h > 0 ? `${h}小时` : '', m > 0 ? `${m}分` : '', s > 0 ? `${s}秒` : ''].join('');
  return parts === '' ? '0秒' : parts;
}
