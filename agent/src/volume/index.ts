export {
  applyChange,
  applyMusicMax,
  clampLevel,
  stepLevel,
  VOLUME_STEP,
  type VolumeChange,
  VolumeError,
} from './levels.js';
export {
  createVolumeControl,
  type VolumeControl,
  type VolumeControlOptions,
  type VolumeListener,
} from './volume-control.js';
