export { LoggingModule, REQUEST_ID_HEADER } from './logging.module';
