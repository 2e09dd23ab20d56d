export { LoggingModule, ROOT_LOGGER } from './logging.module';
export { REQUEST_ID_HEADER, requestLogFields, requestLogging } from './request-logging';
