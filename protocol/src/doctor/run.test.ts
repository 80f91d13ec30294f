import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { en, zhCN } from '../i18n/messages.js';
import { compile } from '../validate.js';
import { DOCTOR_FAULTS } from './faults.js';
import { DoctorReport, type DoctorResult } from './report.js';
import { type DoctorCheck, fault, formatResult, formatSummary, ok, runCheck, runDoctor, skip } from './run.js';

const check = (run: DoctorCheck['run'], timeoutMs = 1000): DoctorCheck => ({
  name: 'mpv',
  title: 'doctor.check.mpv',
  timeoutMs,
  failCode: 'D105',
  run,
});

function at(report: DoctorReport, i: number): DoctorResult {
  const r = report.results[i];
  assert.ok(r, `no result ${i}`);
  return r;
}

describe('doctor runner', () => {
  it('a check that hangs is aborted at its limit and reported as its fault', async () => {
    let aborted = false;
    const hangs = check(
      (signal) =>
        new Promise(() => {
          signal.addEventListener('abort', () => {
            aborted = true;
          });
        }),
      50,
    );
    const started = Date.now();
    const { outcome } = await runCheck(hangs);
    assert.ok(Date.now() - started < 1000);
    assert.equal(aborted, true, 'the check was told to stop its work');
    assert.deepEqual(outcome, { status: 'fault', code: 'D105', params: {}, detail: 'no answer within 50 ms' });
  });

  it('a check that throws is its fault, with the first line of the error', async () => {
    const { outcome } = await runCheck(
      check(async () => {
        throw new Error('spawn mpv EACCES\nstack');
      }),
    );
    assert.deepEqual(outcome, { status: 'fault', code: 'D105', params: {}, detail: 'spawn mpv EACCES' });
  });

  it('puts outcomes into words in both languages; the report lists the faults and is valid', async () => {
    const checks = [
      check(async () => ok('doctor.ok.mpv', { ao: 'alsa' })),
      check(async () => skip('doctor.skip.simPlayer')),
      check(async () => fault('D106', { ao: 'alsa' }, 'Playback open error')),
    ];
    const zh = await runDoctor('ktv-agent', '0.1.0', checks, 'zh-CN');
    assert.equal(zh.ok, false);
    assert.deepEqual(zh.faults, ['D106']);
    assert.ok(compile(DoctorReport)(zh).ok);
    assert.equal(
      formatResult(at(zh, 2), 'zh-CN'),
      '[故障 D106] 播放器 mpv: mpv 打不开音频输出 alsa\n    详情: Playback open error\n    处理: 检查声卡与连线，以及 player.extraArgs 中的 --ao 和 --audio-device（aplay -l 列出声卡）；运行用户须在 audio 组\n',
    );
    assert.equal(formatSummary(zh, 'zh-CN'), '发现 1 处故障：D106（1 项正常，1 项跳过）\n');
    const english = await runDoctor('ktv-agent', '0.1.0', checks.slice(0, 2), 'en');
    assert.equal(english.ok, true);
    assert.equal(formatResult(at(english, 0), 'en'), '[ok] Player mpv: mpv starts and opens audio output alsa\n');
    assert.equal(formatSummary(english, 'en'), 'All good (1 ok, 1 skipped)\n');
  });

  it('every fault number has its message and fix in both languages', () => {
    for (const code of Object.keys(DOCTOR_FAULTS)) {
      for (const catalog of [zhCN, en] as Record<string, string>[]) {
        assert.ok(catalog[`doctor.fault.${code}`], `doctor.fault.${code}`);
        assert.ok(catalog[`doctor.fix.${code}`], `doctor.fix.${code}`);
      }
    }
  });
});
