export { configureHttp, JSON_BODY_LIMIT } from './configure-http';
export { createValidationPipe } from './validation.pipe';
export { ApiDataResponse, ApiErrorResponses, ERROR_SCHEMA } from './openapi-responses';
export { MAX_QUERY_PARAMETERS, parseQueryString } from './query-string';
export { SHOW_SERVER_TIMING } from './server-timing';
export { TimedExpressAdapter } from './http-server';
