// The web app's one door to src/contracts (the API's shapes and codes); use `import type` for types.
export * from '../../src/contracts/index.ts';
