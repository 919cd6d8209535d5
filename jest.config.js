/** Jest runs the TypeScript sources through ts-jest (transpile only; `npm run build` type-checks).
 *  p-retry and its helper are ESM-only, so they are transformed to CommonJS too. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.[tj]s$": ["ts-jest", { tsconfig: { allowJs: true, esModuleInterop: true, isolatedModules: true } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!(p-retry|is-network-error)/)"],
  testTimeout: 60000,
  // Two suites at once on the 2-core machines this runs on: the e2e suites mostly wait on real CLI
  // runs and the emulator's scaled clock, so two share the cores well (measured: the whole run in
  // 29 min with two, against ~40 min one at a time). Every suite has its own emulator and project.
  maxWorkers: 2,
};
