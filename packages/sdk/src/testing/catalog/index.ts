export { generateCatalog, smallSeatMap, MAX_CATALOG_EVENTS, type CatalogOptions, type SyntheticCatalog } from './generate-catalog.js';
export { loadCatalog, type LoadCatalogOptions, type LoadReport } from './load-catalog.js';
export { CITIES, type City } from './cities.js';
export { hashSeed, mulberry32, type Random } from './random.js';
