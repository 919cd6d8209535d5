/**
 * The engine's public face: every importer keeps importing "./engine"; the engine itself lives
 * in engine/, one module per phase (engine/index.ts says which).
 */
export type { ApiProduct, EngineDeps, Provider } from "./engine/index";
export { canonical, changedFields, engineStats, formatMs, makeProvider, PartialCreateError, ResourceFailedError } from "./engine/index";
