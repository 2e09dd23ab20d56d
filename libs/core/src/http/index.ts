export { configureHttp, JSON_BODY_LIMIT } from './configure-http';
