/** How full the data folder's disk is, as the alerts see it. Pure. */
export type DiskLevel = 'ok' | 'warn' | 'critical';

export interface DiskThresholds {
  warnPct: number;
  criticalPct: number;
}

/** A level is left only 1 point below its threshold, so usage hovering at 80 % does not flap. */
export const DISK_HYSTERESIS_PCT = 1;

export function diskLevel(usedPct: number, t: DiskThresholds, previous: DiskLevel = 'ok'): DiskLevel {
  const critical = previous === 'critical' ? t.criticalPct - DISK_HYSTERESIS_PCT : t.criticalPct;
  if (usedPct >= critical) return 'critical';
  const warn = previous === 'ok' ? t.warnPct : t.warnPct - DISK_HYSTERESIS_PCT;
  return usedPct >= warn ? 'warn' : 'ok';
}
