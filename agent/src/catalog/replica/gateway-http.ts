import { createHash } from 'node:crypto';

/** Where and how the room reaches the gateway's library routes (HTTP Basic, MQTT credentials). */
export interface GatewayHttp {
  baseUrl: string;
  username: string;
  password: string;
}

/** A download that failed or did not match what the announcement promised. */
export class DownloadError extends Error {
  constructor(
    readonly code: 'KTV_E_DOWNLOAD' | 'KTV_E_DOWNLOAD_SHA256' | 'KTV_E_DOWNLOAD_STATUS',
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

/** The gateway's HTTP base: catalog.gatewayHttpUrl, or the MQTT host on port 8080. */
export function gatewayHttpBase(configured: string, mqttUrl: string): string {
  if (configured !== '') return configured.replace(/\/+$/, '');
  const host = new URL(mqttUrl).hostname;
  return `http://${host.includes(':') ? `[${host}]` : host}:8080`;
}

export function authHeader(http: GatewayHttp): string {
  return `Basic ${Buffer.from(`${http.username}:${http.password}`).toString('base64')}`;
}

export function urlOf(http: GatewayHttp, path: string): string {
  return new URL(path, `${http.baseUrl}/`).toString();
}

/** GETs `path` whole and checks its sha256 (throws DownloadError). */
export async function fetchVerified(
  http: GatewayHttp,
  path: string,
  sha256: string,
  timeoutMs = 60_000,
): Promise<Buffer> {
  let res: Response;
  try {
    res = await fetch(urlOf(http, path), {
      headers: { authorization: authHeader(http) },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new DownloadError('KTV_E_DOWNLOAD', `GET ${path}: ${(e as Error).message}`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new DownloadError('KTV_E_DOWNLOAD_STATUS', `GET ${path}: HTTP ${res.status}`, res.status);
  }
  let body: Buffer;
  try {
    body = Buffer.from(await res.arrayBuffer());
  } catch (e) {
    throw new DownloadError('KTV_E_DOWNLOAD', `GET ${path}: ${(e as Error).message}`);
  }
  const got = createHash('sha256').update(body).digest('hex');
  if (got !== sha256)
    throw new DownloadError('KTV_E_DOWNLOAD_SHA256', `GET ${path}: sha256 ${got}, expected ${sha256}`);
  return body;
}
