import { createGzip } from 'node:zlib';

/** Items per piece of JSON text handed to gzip (a few hundred KB). */
const PIECE = 1000;

/**
 * gzip of `JSON.stringify({ ...fields, [key]: items })` (the same text, `key` last), made a
 * piece at a time: a 300,000-song catalog never exists as one string (hundreds of MB as UTF-16)
 * next to its Buffer copy.
 */
export async function gzJsonWithArray(
  fields: Record<string, unknown>,
  key: string,
  items: readonly unknown[],
  level = 6,
): Promise<Buffer> {
  const gzip = createGzip({ level });
  const out: Buffer[] = [];
  gzip.on('data', (b: Buffer) => out.push(b));
  const ended = new Promise<void>((resolve, reject) => {
    gzip.once('end', resolve);
    gzip.once('error', reject);
  });
  const write = (text: string) =>
    new Promise<void>((resolve) => {
      if (gzip.write(text)) resolve();
      else gzip.once('drain', resolve);
    });
  const head = JSON.stringify(fields);
  await write(`${head.slice(0, -1)}${head === '{}' ? '' : ','}${JSON.stringify(key)}:[`);
  for (let i = 0; i < items.length; i += PIECE) {
    let text = '';
    const end = Math.min(items.length, i + PIECE);
    for (let j = i; j < end; j++) text += (j === 0 ? '' : ',') + JSON.stringify(items[j]);
    await write(text);
  }
  gzip.end(']}');
  await ended;
  return Buffer.concat(out);
}
