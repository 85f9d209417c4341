/** Jest runs the TypeScript sources through ts-jest; `npm test` type-checks and builds first. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.check.json" }],
  },
  testTimeout: 60000,
};
