export { connect, type ConnectOptions, type RemoteBoxOffice } from './remote-box-office.js';
export { spreadByUser } from './spread.js';
export type { EventWatch, EventWatchHandlers, LiveDiff, LiveSnapshot } from './live.js';
export { errorOfProblem } from './problem.js';
export { RETRY_DEFAULTS, type RetryOptions } from './retry.js';
