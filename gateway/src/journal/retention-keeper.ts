import { open, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoreAlerts } from '../alerts/store-alerts.js';
import type { Timers } from '../business/alerts/alert-monitor.js';
import type { Logger } from '../logger.js';
import { type DiskLevel, type DiskThresholds, diskLevel } from './disk-level.js';
import type { DiskPort, DiskUsage } from './disk-port.js';
import type { Journal } from './journal.js';
import { decodeLineAt } from './record.js';
import { type CoalesceReport, coalesceJournal } from './retention-coalesce.js';
import { keepFromSeq, retentionBound, type SegmentAge } from './retention-policy.js';

export interface RetentionConfig extends DiskThresholds {
  retentionMs: number;
  checkEveryMs: number;
  /**
   * A reserve file of this many bytes is written beside the journal once the disk reaches the
   * warning level (not before: it would only take room), and released once a journal write found
   * the disk full: coalescing rewrites segments through temp files, so it needs some room even
   * then. About two segments.
   */
  reserveBytes: number;
}

/** The reserve file in the journal folder (not a segment: the journal ignores it). */
export const RESERVE_FILE = '.space-reserve';

export interface JournalKeeperOptions {
  journal: Journal;
  disk: DiskPort;
  alerts: StoreAlerts;
  logger: Logger;
  now: () => number;
  timers: Timers;
  config: RetentionConfig;
  /** The last seq the cloud acknowledged; undefined when forwarding is off (then it does not hold records back). */
  forwarded: () => number | undefined;
  /** Snapshots a start-up replays from (business, room events): records after them are always kept. */
  snapshotNames: readonly string[];
}

export interface KeeperReport {
  level: DiskLevel;
  usage: DiskUsage;
  deletedSegments: number;
  coalesced: CoalesceReport | null;
}

const ALERT_SUBJECT = 'data';

/**
 * Looks after the journal's disk (every checkEveryMs, and at once when a write found the disk
 * full): deletes segments retention allows (retention-policy.ts), raises `diskWarn` at the warning
 * level and `diskCritical` at the critical one; at the critical level it first deletes forwarded,
 * snapshotted segments regardless of age, then coalesces telemetry (retention-coalesce.ts). Money
 * records are never dropped: if the disk is full anyway, the journal refuses new writes
 * (KTV_E_JOURNAL_NO_SPACE, the `diskFull` alert) until there is room again. One pass at a time.
 */
export class JournalKeeper {
  private level: DiskLevel = 'ok';
  private timer: unknown;
  private running: Promise<KeeperReport> | undefined;
  private stopped = false;
  /** A journal write found the disk full since the level was last below critical. */
  private full = false;
  private readonly log: Logger;

  constructor(private readonly o: JournalKeeperOptions) {
    this.log = o.logger.child({ component: 'journal-keeper' });
  }

  async start(): Promise<void> {
    await this.removeStrayTemps();
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer !== undefined) this.o.timers.clearTimeout(this.timer);
    this.timer = this.o.timers.setTimeout(() => {
      this.timer = undefined;
      this.check()
        .catch((e: unknown) => this.log.error({ err: e }, 'journal retention pass failed'))
        .finally(() => this.schedule(this.o.config.checkEveryMs));
    }, ms);
  }

  /** The journal found the disk full: alert now and look for room at once. */
  noteNoSpace(): void {
    this.full = true;
    this.o.alerts.raise('diskFull', ALERT_SUBJECT, {});
    this.schedule(0);
  }

  /** One pass (or the one already running). */
  check(): Promise<KeeperReport> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<KeeperReport> {
    const { journal, config } = this.o;
    let usage = await this.o.disk.usage(journal.dir);
    let level = diskLevel(usage.usedPct, config, this.level);
    this.setLevel(level, usage);
    const deletedSegments = await this.deleteOld(level === 'critical');
    let coalesced: CoalesceReport | null = null;
    if (deletedSegments > 0) {
      usage = await this.o.disk.usage(journal.dir);
      level = diskLevel(usage.usedPct, config, this.level);
    }
    if (level === 'critical') {
      if (this.full) await this.releaseReserve();
      coalesced = await coalesceJournal(journal);
      if (coalesced.replaced > 0) {
        this.log.warn(
          { ...coalesced, usedPct: round(usage.usedPct) },
          'disk critical: telemetry coalesced (latest per room and key kept)',
        );
      }
      usage = await this.o.disk.usage(journal.dir);
      level = diskLevel(usage.usedPct, config, this.level);
    }
    if (level === 'warn' && (await this.ensureReserve())) {
      usage = await this.o.disk.usage(journal.dir);
      level = diskLevel(usage.usedPct, config, this.level);
    }
    this.setLevel(level, usage);
    return { level, usage, deletedSegments, coalesced };
  }

  private setLevel(level: DiskLevel, usage: DiskUsage): void {
    const detail = { usedPct: round(usage.usedPct), freeMb: Math.floor(usage.freeBytes / 1_048_576) };
    const { alerts } = this.o;
    if (level === 'critical') {
      alerts.clear('diskWarn', ALERT_SUBJECT);
      alerts.raise('diskCritical', ALERT_SUBJECT, { usedPct: detail.usedPct, thresholdPct: this.o.config.criticalPct });
    } else {
      alerts.clear('diskCritical', ALERT_SUBJECT);
      alerts.clear('diskFull', ALERT_SUBJECT);
      this.full = false;
      if (level === 'warn')
        alerts.raise('diskWarn', ALERT_SUBJECT, { usedPct: detail.usedPct, thresholdPct: this.o.config.warnPct });
      else alerts.clear('diskWarn', ALERT_SUBJECT);
    }
    if (level !== this.level) {
      const line = { from: this.level, to: level, ...detail, dir: this.o.journal.dir };
      if (level === 'ok') this.log.info(line, 'disk level back to normal');
      else this.log.warn(line, `disk ${level}`);
    }
    this.level = level;
  }

  private async deleteOld(early: boolean): Promise<number> {
    const { journal } = this.o;
    const segments = await journal.segments();
    const closed = segments.slice(0, -1);
    if (closed.length === 0) return 0;
    const snapshots: (number | undefined)[] = [];
    for (const name of this.o.snapshotNames) snapshots.push((await journal.readSnapshot(name))?.atSeq);
    const keep = keepFromSeq(this.o.forwarded(), snapshots);
    const files = new Map(closed.map((s) => [s.firstSeq, s.file]));
    const before = await retentionBound(
      { closed, keepFromSeq: keep, now: this.o.now(), retentionMs: this.o.config.retentionMs, early },
      (s: SegmentAge) => lastRecordAt(files.get(s.firstSeq) ?? ''),
    );
    if (before === 0) return 0;
    const deleted = await journal.deleteSegmentsBefore(before);
    if (deleted.length > 0) this.log.info({ segments: deleted.length, beforeSeq: before, early }, 'journal retention');
    return deleted.length;
  }

  private get reservePath(): string {
    return join(this.o.journal.dir, RESERVE_FILE);
  }

  /** Writes the reserve file when it is missing; true when it did. */
  private async ensureReserve(): Promise<boolean> {
    const bytes = this.o.config.reserveBytes;
    if (bytes <= 0) return false;
    const existing = await stat(this.reservePath).catch(() => undefined);
    if (existing && existing.size >= bytes) return false;
    try {
      const handle = await open(this.reservePath, 'w');
      try {
        await handle.writeFile(Buffer.alloc(bytes));
        await handle.sync();
      } finally {
        await handle.close();
      }
      return true;
    } catch (e) {
      await unlink(this.reservePath).catch(() => undefined);
      this.log.warn({ err: e, bytes }, 'disk reserve could not be written');
      return false;
    }
  }

  private async releaseReserve(): Promise<void> {
    try {
      await unlink(this.reservePath);
      this.log.warn({ bytes: this.o.config.reserveBytes }, 'disk critical: reserve released for coalescing');
    } catch {
      // none (yet, or released before)
    }
  }

  /** A rewrite cut short by a crash leaves `.NNNNNNNN.ndjson.tmp`: it is not part of the journal. */
  private async removeStrayTemps(): Promise<void> {
    const dir = this.o.journal.dir;
    for (const name of await readdir(dir)) {
      if (/^\.\d{8,}\.ndjson\.tmp$/.test(name)) await unlink(join(dir, name)).catch(() => undefined);
    }
  }

  stop(): Promise<unknown> {
    this.stopped = true;
    if (this.timer !== undefined) this.o.timers.clearTimeout(this.timer);
    this.timer = undefined;
    return this.running ?? Promise.resolve();
  }
}

function round(pct: number): number {
  return Math.round(pct * 10) / 10;
}

const TAIL_BYTES = 256 * 1024;

/** The gateway time of a segment file's last record, reading only its tail. */
export async function lastRecordAt(file: string): Promise<number | undefined> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const want = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(want);
    await handle.read(buf, 0, want, size - want);
    const end = buf.length > 0 && buf[buf.length - 1] === 0x0a ? buf.length - 1 : -1;
    if (end < 0) return undefined;
    const start = buf.lastIndexOf(0x0a, end - 1) + 1;
    if (start === 0 && want < size) return undefined;
    const decoded = decodeLineAt(buf, start, end);
    return decoded.ok ? decoded.record.at : undefined;
  } finally {
    await handle.close();
  }
}
