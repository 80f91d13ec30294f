export const USAGE = `Usage:
  ktv-gateway [run] --data DIR [--config FILE]       run the gateway
  ktv-gateway device add --room ROOM --data DIR [--name NAME] [--mqtt-url URL] [--http-url URL] [--out FILE] [--rotate] [--config FILE]
  ktv-gateway device add --monitor NAME --data DIR [--out FILE] [--mqtt-url URL] [--rotate] [--config FILE]
  ktv-gateway device list --data DIR
  ktv-gateway device revoke --room ROOM | --monitor NAME --data DIR   refused by the broker at once
      device add writes room-ROOM.json (mode 0600) unless --out FILE (--out - prints it);
      --wifi-ssid SSID --wifi-passphrase PASS put the room box's Wi-Fi into the bundle;
      --http-url URL: the gateway's HTTP address for the room's songs (default: --mqtt-url's host, the HTTP port)
  ktv-gateway bill quote --plan PLAN.json --session SESSION.json   print the bill as JSON (docs/billing.md)
  ktv-gateway library import PATH --data DIR [--pattern "{artist}-{title}"] [--json]   import a song folder or a .csv/.json list
  ktv-gateway library search QUERY --data DIR [--json]   ranked songs (pinyin initials, pinyin, characters, singer)
  ktv-gateway library stats --data DIR [--json]          catalog version, songs, plays
  ktv-gateway library generate --songs N --out DIR [--seed S]   a synthetic library (catalog.json + a few media files)
  ktv-gateway cloud receive --data DIR [--https-port P --tls-cert F --tls-key F] [--token T] [--mqtt URL --mqtt-ca F ...]
                                                      the reference cloud receiver (docs/cloud.md)
  ktv-gateway cloud events --data DIR --store S [--room R] [--json]   a receiver's events, per room by seq
  ktv-gateway cloud keygen --out KEY.pem              head office's signing key (prints the public key for cloud.publicKeys)
  ktv-gateway cloud sign DOC.json --key KEY.pem [--out SIGNED.json]   sign a push (rate plans, menu, catalog; docs/cloud-downlink.md)
  ktv-gateway doctor --data DIR [--config FILE] [--lang en] [--json]   check config, disk, journal, ports, admin, library, clock (docs/doctor.md)
  ktv-gateway report energy --from YYYY-MM-DD --to YYYY-MM-DD --data DIR [--json] [--lang en]
                                                      hours each room was powered / in use, per day (docs/room-power.md)
  ktv-gateway --help | --version

Environment: KTV_ADMIN_PASSWORD presets the admin password on the first start.
Exit codes: 0 ok / clean stop, 2 bad arguments or config, 1 anything else.
`;

/** Bad command-line arguments: exit code 2. */
export class UsageError extends Error {}
