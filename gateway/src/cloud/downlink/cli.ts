import { readFile, writeFile } from 'node:fs/promises';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type Lang, translate } from '@ktv/protocol';
import { UsageError } from '../../cli/usage.js';
import { generateHeadOfficeKey, signPushDocument } from './sign-push.js';
import { parsePrivateKey } from './signature.js';

interface Io {
  stdout(line: string): void;
  stderr(line: string): void;
}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function langOf(value: unknown): Lang {
  return value === 'en' ? 'en' : 'zh-CN';
}

/**
 * `ktv-gateway cloud keygen --out FILE [--lang en]`: head office's ed25519 key pair. The private
 * key (PKCS#8 PEM, mode 0600) goes to FILE, never over an existing one; the public key and its id
 * are printed for the stores' config (cloud.publicKeys).
 */
export async function cloudKeygen(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { out: { type: 'string' }, lang: { type: 'string' } });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const out = values.out;
  if (typeof out !== 'string') throw new UsageError('--out FILE is required');
  const lang = langOf(values.lang);
  const key = generateHeadOfficeKey();
  try {
    await writeFile(out, key.privateKeyPem, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      io.stderr(`ktv-gateway: ${translate(lang, 'cli.cloud.keygen.exists', { file: out })}`);
      return 1;
    }
    throw e;
  }
  io.stdout(translate(lang, 'cli.cloud.keygen.written', { file: out }));
  io.stdout(translate(lang, 'cli.cloud.keygen.publicKey', { key: key.publicKey }));
  io.stdout(translate(lang, 'cli.cloud.keygen.keyId', { keyId: key.keyId }));
  return 0;
}

/**
 * `ktv-gateway cloud sign FILE --key KEY.pem [--out SIGNED.json] [--lang en]`: checks FILE against
 * the push schema ({kind, version, issuedAt, stores, body}) and writes the signed envelope (to
 * stdout without --out). Publish it retained on ktv/v1/{store}/cloud/down/{kind}, or serve it for
 * the HTTPS poll.
 */
export async function cloudSign(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    key: { type: 'string' },
    out: { type: 'string' },
    lang: { type: 'string' },
  });
  const [file, extra] = positionals;
  if (file === undefined) throw new UsageError('cloud sign needs the document FILE');
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  if (typeof values.key !== 'string') throw new UsageError('--key KEY.pem is required');
  const lang = langOf(values.lang);
  const privateKey = parsePrivateKey(await readFile(values.key, 'utf8'));
  const text = await readFile(file, 'utf8');
  let envelope: ReturnType<typeof signPushDocument>;
  try {
    envelope = signPushDocument(text, privateKey);
  } catch (e) {
    io.stderr(`ktv-gateway: ${translate(lang, 'cli.cloud.sign.refused', { file, reason: (e as Error).message })}`);
    return 2;
  }
  const signed = `${JSON.stringify(envelope)}\n`;
  const doc = JSON.parse(text) as { kind: string; version: number };
  if (typeof values.out === 'string') {
    await writeFile(values.out, signed);
    io.stdout(
      translate(lang, 'cli.cloud.sign.written', {
        kind: doc.kind,
        version: doc.version,
        keyId: envelope.keyId,
        out: values.out,
      }),
    );
  } else {
    io.stdout(signed.trimEnd());
  }
  return 0;
}
