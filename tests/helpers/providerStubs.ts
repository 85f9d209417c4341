// Moved to offline-engine/providers/providerStubs.ts; this re-export keeps older imports working until they are updated.
export * from "../../offline-engine/providers/providerStubs";
