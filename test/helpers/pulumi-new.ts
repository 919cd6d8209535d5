/** `pulumi new typescript`'s tsconfig.json, verbatim: strict, no skipLibCheck, no esModuleInterop. */
export const PULUMI_NEW_TSCONFIG = {
  compilerOptions: {
    strict: true, outDir: "bin", target: "es2020", module: "commonjs", moduleResolution: "node", sourceMap: true,
    experimentalDecorators: true, pretty: true, noFallthroughCasesInSwitch: true, noImplicitReturns: true, forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};
