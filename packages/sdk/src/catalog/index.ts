/**
 * The synthetic catalog generator (`@boxoffice/sdk/catalog`): runtime code of its own, used by
 * `boxoffice seed` and the demo as well as by the test kit, so it imports nothing from tests.
 */
export { generateCatalog, smallSeatMap, MAX_CATALOG_EVENTS, type CatalogOptions, type SyntheticCatalog } from './generate-catalog.js';
export { loadCatalog, type LoadCatalogOptions, type LoadReport } from './load-catalog.js';
export { CITIES, type City } from './cities.js';
export { hashSeed, mulberry32, type Random } from './random.js';
