export { CloudDownlink, type CloudDownlinkOptions, type DownlinkVerdict, type DownlinkView } from './cloud-downlink.js';
export { downlinkRoutes } from './downlink-routes.js';
export { type DownlinkErrorCode, DownlinkErrorCodes } from './errors.js';
export { HttpsDownlinkPoll, httpsPollFromConfig } from './https-poll.js';
export { DOWNLINK_KINDS, type DownlinkKind, isDownlinkKind } from './schemas.js';
