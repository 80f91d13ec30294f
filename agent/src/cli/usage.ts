export const USAGE = `ktv-agent: the KTV room agent

Usage:
  ktv-agent [run] --config FILE [--data DIR]   run the agent (data defaults to the config's dataDir)
  ktv-agent [run] --config FILE --bundle-from BUNDLE
                                               first boot: BUNDLE becomes FILE (0600), then run
  ktv-agent bundle import --from BUNDLE --config FILE [--defaults FILE]
                                               only the first-boot import (docs/technicians.md)
  ktv-agent config check FILE                  validate a config, print every error with its path
  ktv-agent lyrics convert FILE [--format json|ass]
                                               print an LRC file's lyrics as JSON (default) or ASS
  ktv-agent doctor --config FILE [--data DIR] [--lang en] [--json]
                                               check config, disk, clock, mpv, GPIO, amp, gateway,
                                               catalog, media cache (docs/doctor.md; exit 1 on a fault)
  ktv-agent --help | --version

FILE is an agent config (firmware-config/agent.schema.json) or a room's provisioning bundle.
Exit codes: 0 clean stop, 2 bad arguments or config, 1 anything else (e.g. a lyrics file
without any lyric line, KTV_E_LYRICS_EMPTY).
`;
