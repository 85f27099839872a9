export { createQueryExecutor } from './executor.js';
export { QueryError } from './sql.js';
export { pluralFieldName, singularFieldName } from './naming.js';
