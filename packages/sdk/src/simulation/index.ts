export { runSimulation } from './engine.js';
export {
  resolveSimulationOptions,
  SIMULATION_DEFAULTS,
  MAX_SIMULATED_USERS,
  type SimulationOptions,
  type ResolvedSimulationOptions,
} from './options.js';
export type { SimulationReport } from './report.js';
export type { SimulationProgress, Outcome as SimulationOutcome, Step as SimulationStep } from './metrics.js';
export type { SimulationAudit, AuditCheck as SimulationAuditCheck } from './audit.js';
export type { ExpiryReport } from './expiry.js';
export type { QueueRunReport } from './gate.js';
export { LatencyHistogram, type LatencySummary } from './histogram.js';
export { createSimulationEvent, simulationSeatMap, MAX_SIMULATION_SEATS, type SimulationEventOptions } from './event.js';
export { HOLD_TTL_WITH_CLOCK, HOLD_TTL_WITHOUT_CLOCK } from './prepare.js';
export { seededRandom, seedOf as simulationSeed } from './random.js';
