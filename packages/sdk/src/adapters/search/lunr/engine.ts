/**
 * The parts of the lunr adapter that load lunr itself. LunrSearchIndex imports this lazily:
 * lunr is an optional peer, and importing the SDK root (whose createBoxOffice defaults to
 * this index) must not load it.
 */
export { IndexSnapshot } from './index-snapshot.js';
export { loadSnapshot, readSavedHeader, saveSnapshot } from './persist.js';
