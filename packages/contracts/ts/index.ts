export * from './generated/abis.js';
export { type Deployment, type DeploymentContracts, parseDeployment } from './deployment.js';
export { linkBytecode, MissingLibraryError, type LinkReferences } from './link.js';
