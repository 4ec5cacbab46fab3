export { storeConformance } from './store-conformance.js';
export { type StoreFactory, type StoreHarness, codeOf } from './conformance/harness.js';
export * from './fixtures.js';
export { adaptersUnderTest, requireService } from './adapters-under-test.js';
export { storeModelSuite, type ModelSuiteOptions } from './model/model-suite.js';
