import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { say, toolLang } from './cli-io.js';
import { FlashRefused, flashImage, progressBar, VerifyFailed } from './flash.js';
import { BundleInvalid, ReadBackFailed } from './provision.js';

const USAGE =
  'usage: scripts/flash IMAGE TARGET [--bundle FILE] [--lang en]\n  TARGET: the whole SD card (/dev/sdX) or a plain file\n';

/** `scripts/flash`: exit 0 done, 2 bad arguments, 3 refused target, 4 verify failed, 1 anything else. */
export async function flashCli(argv: string[]): Promise<number> {
  const lang = toolLang(argv);
  let parsed: ReturnType<
    typeof parseArgs<{ options: { bundle: { type: 'string' }; lang: { type: 'string' } }; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({
      args: argv,
      options: { bundle: { type: 'string' }, lang: { type: 'string' } },
      allowPositionals: true,
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const [image, target, ...extra] = parsed.positionals;
  if (!image || !target || extra.length > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const tty = process.stderr.isTTY === true;
  const total = Math.ceil(
    (await stat(image).then(
      (s) => s.size,
      () => 0,
    )) /
      (1024 * 1024),
  );
  process.stderr.write(`${say(lang, 'flash.writing', { image, target, total })}\n`);
  let lastPercent = -1;
  try {
    const result = await flashImage({
      image,
      target,
      ...(parsed.values.bundle !== undefined ? { bundle: parsed.values.bundle } : {}),
      onPhase: (phase) => {
        lastPercent = -1;
        if (phase === 'verify') process.stderr.write(`${tty ? '\n' : ''}${say(lang, 'flash.verifying')}\n`);
        if (phase === 'bundle' && tty) process.stderr.write('\n');
      },
      onProgress: (p) => {
        const b = progressBar(p);
        if (!tty && b.percent < lastPercent + 10 && b.percent !== 100) return;
        if (b.percent === lastPercent) return;
        lastPercent = b.percent;
        const line = `${b.bar} ${say(lang, 'flash.progress', { percent: b.percent, done: b.doneMib, total: b.totalMib, rate: b.rate })}`;
        process.stderr.write(tty ? `\r${line}` : `${line}\n`);
      },
    });
    process.stdout.write(`${say(lang, 'flash.verified', { sha: result.sha256 })}\n`);
    if (result.bundle) {
      process.stdout.write(
        `${say(lang, 'flash.bundleWritten', { name: result.bundle.name, device: result.bundle.deviceId })}\n`,
      );
    }
    process.stdout.write(`${say(lang, 'flash.done', { seconds: result.seconds })}\n`);
    return 0;
  } catch (e) {
    if (tty) process.stderr.write('\n');
    if (e instanceof FlashRefused) {
      process.stderr.write(`${say(lang, 'flash.refused', { reason: say(lang, e.refusal.key, e.refusal.params) })}\n`);
      return 3;
    }
    if (e instanceof VerifyFailed) {
      process.stderr.write(`${say(lang, 'flash.verifyFailed', { got: e.got, want: e.want })}\n`);
      return 4;
    }
    if (e instanceof BundleInvalid) {
      process.stderr.write(`${say(lang, 'provision.invalid', { file: e.file, errors: e.errors.join('; ') })}\n`);
      return 2;
    }
    if (e instanceof ReadBackFailed) {
      process.stderr.write(`${say(lang, 'provision.readBackFailed')}\n`);
      return 4;
    }
    process.stderr.write(`scripts/flash: ${(e as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await flashCli(process.argv.slice(2));
