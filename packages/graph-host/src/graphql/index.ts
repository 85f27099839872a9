export { createQueryExecutor } from './executor.js';
export { QueryError } from './sql.js';
export { pluralFieldName, singularFieldName } from './naming.js';
export { DEFAULT_QUERY_LIMITS, limitsFromEnv, limitSettingName, LimitSettingError, checkQueryShape } from './limits.js';
export type { QueryLimits } from './limits.js';
export { QueryGuard, QueryScheduler, QueryAbortedError } from './guard.js';
