/**
 * Every doctor fault number, with the check that reports it. Numbers are stable: a retired one
 * is never reused. Messages are `doctor.fault.Dnnn` and fixes `doctor.fix.Dnnn` in the catalog;
 * docs/doctor.md explains each.
 */
export const DOCTOR_FAULTS = {
  // ktv-agent
  D101: 'config',
  D102: 'dataDir',
  D103: 'dataDir',
  D104: 'clock',
  D105: 'mpv',
  D106: 'mpv',
  D107: 'gpio',
  D108: 'amp',
  D109: 'gateway',
  D110: 'gateway',
  D111: 'gateway',
  D112: 'catalog',
  D113: 'catalog',
  D114: 'mediaCache',
  D115: 'mediaCache',
  D116: 'catalog',
  // ktv-gateway
  D201: 'config',
  D202: 'settings',
  D203: 'dataDir',
  D204: 'dataDir',
  D205: 'journal',
  D206: 'journal',
  D207: 'ports',
  D208: 'ports',
  D209: 'admin',
  D210: 'library',
  D211: 'library',
  D212: 'clock',
} as const;

export type DoctorFaultCode = keyof typeof DOCTOR_FAULTS;

export const isDoctorFaultCode = (value: string): value is DoctorFaultCode => value in DOCTOR_FAULTS;
