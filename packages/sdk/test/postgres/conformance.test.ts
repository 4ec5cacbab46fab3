import { storeConformance, storeModelSuite } from '../../src/testing/index.js';
import { BACKENDS } from './harness.js';

/** The shared store conformance cases and the model-based suite, on each backend. */
for (const backend of BACKENDS) {
  storeConformance(backend.name, () => backend.open());
  storeModelSuite(backend.name, () => backend.open(), { numRuns: backend.name === 'pglite' ? 25 : 60 });
}
