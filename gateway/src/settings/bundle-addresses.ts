/** Where a provisioned device reaches the gateway: the broker, and the HTTP base for catalog and media. */
export interface BundleAddresses {
  mqttUrl: string;
  httpUrl: string;
}

export interface BundleAddressInput {
  /** Given by the technician (--mqtt-url, mqttUrl in the API); else host + mqttPort. */
  mqttUrl?: string;
  /** Given by the technician (--http-url, httpUrl in the API); else mqttUrl's host + httpPort. */
  httpUrl?: string;
  /** The gateway's host name or address as the device should use it (IPv6 with or without brackets). */
  host: string;
  mqttPort: number;
  httpPort: number;
}

/** An address given for a bundle that is no mqtt(s):// or http(s):// URL with a host. */
export class BundleAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleAddressError';
  }
}

function parsed(url: string, schemes: readonly string[], what: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new BundleAddressError(`${what} "${url}" is not a URL`);
  }
  if (!schemes.includes(u.protocol) || u.hostname === '') {
    throw new BundleAddressError(`${what} "${url}" must be ${schemes.map((s) => `${s}//HOST`).join(' or ')}`);
  }
  return u;
}

/** `::1` -> `[::1]` for a URL; names, IPv4 and bracketed IPv6 stay. */
function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * The two addresses a room's bundle carries. The HTTP base defaults to the broker's host (the one
 * address the technician chose for the device) on the gateway's HTTP port, so a gateway whose HTTP
 * port is not 8080 still serves the room's catalog and media downloads. Pure; throws BundleAddressError for a malformed address.
 */
export function bundleAddresses(input: BundleAddressInput): BundleAddresses {
  const mqttUrl = input.mqttUrl ?? `mqtt://${urlHost(input.host)}:${input.mqttPort}`;
  const mqtt = parsed(mqttUrl, ['mqtt:', 'mqtts:'], 'the MQTT address');
  // WHATWG URL keeps IPv6 brackets in hostname ("[::1]").
  const httpUrl = input.httpUrl ?? `http://${urlHost(mqtt.hostname)}:${input.httpPort}`;
  parsed(httpUrl, ['http:', 'https:'], 'the HTTP address');
  return { mqttUrl, httpUrl: httpUrl.replace(/\/+$/, '') };
}
