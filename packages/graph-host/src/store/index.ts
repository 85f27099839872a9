export { openStore, EntityStore, StoreError } from './store.js';
export { EntityValidationError } from './codec.js';
