export { openStore, EntityStore, StoreError } from './store.js';
export { EntityValidationError } from './codec.js';
export { StoreOpenError } from './open-error.js';
