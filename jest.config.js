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
};
