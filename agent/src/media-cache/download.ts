import { open, stat, truncate } from 'node:fs/promises';
import { authHeader, DownloadError, type GatewayHttp, urlOf } from '../catalog/replica/gateway-http.js';

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+)$/;

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

/**
 * Fetches `path` into `partFile`, resuming from the bytes already there with a Range request
 * (a server that answers 200 restarts it). Resolves with the total size once the file is whole
 * and fsync'd; throws DownloadError otherwise (the part stays for the next try).
 */
export async function downloadResumable(
  http: GatewayHttp,
  path: string,
  partFile: string,
  signal?: AbortSignal,
): Promise<number> {
  const have = await sizeOf(partFile);
  const headers: Record<string, string> = { authorization: authHeader(http) };
  if (have > 0) headers.range = `bytes=${have}-`;
  let res: Response;
  try {
    res = await fetch(urlOf(http, path), { headers, ...(signal ? { signal } : {}) });
  } catch (e) {
    throw new DownloadError('KTV_E_DOWNLOAD', `GET ${path}: ${(e as Error).message}`);
  }
  let start: number;
  let total: number;
  if (res.status === 206) {
    const m = CONTENT_RANGE.exec(res.headers.get('content-range') ?? '');
    if (!m || Number(m[1]) !== have) {
      await res.body?.cancel();
      await truncate(partFile, 0).catch(() => undefined);
      throw new DownloadError('KTV_E_DOWNLOAD', `GET ${path}: unexpected content-range; starting over next time`);
    }
    start = have;
    total = Number(m[3]);
  } else if (res.status === 416 && have > 0) {
    // Already whole (the previous try stopped after the last byte, before the rename).
    await res.body?.cancel();
    const m = /^bytes \*\/(\d+)$/.exec(res.headers.get('content-range') ?? '');
    if (m && Number(m[1]) === have) return have;
    await truncate(partFile, 0).catch(() => undefined);
    throw new DownloadError('KTV_E_DOWNLOAD', `GET ${path}: range refused; starting over next time`, 416);
  } else if (res.status === 200) {
    start = 0;
    const length = res.headers.get('content-length');
    total = length === null ? Number.NaN : Number(length);
  } else {
    await res.body?.cancel();
    throw new DownloadError('KTV_E_DOWNLOAD_STATUS', `GET ${path}: HTTP ${res.status}`, res.status);
  }
  if (!res.body) throw new DownloadError('KTV_E_DOWNLOAD', `GET ${path}: no body`);
  // Each chunk is written as it arrives, so a cut connection leaves every byte it delivered.
  const handle = await open(partFile, start === 0 ? 'w' : 'r+');
  try {
    let at = start;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      await handle.write(chunk, 0, chunk.byteLength, at);
      at += chunk.byteLength;
    }
    await handle.sync();
  } catch (e) {
    throw new DownloadError('KTV_E_DOWNLOAD', `GET ${path}: ${(e as Error).message}`);
  } finally {
    await handle.close();
  }
  const size = await sizeOf(partFile);
  if (Number.isFinite(total) && size !== total) {
    throw new DownloadError('KTV_E_DOWNLOAD', `GET ${path}: ${size} of ${total} bytes`);
  }
  return size;
}
