export * from './cache';
export * from './config';
export * from './database';
export * from './errors';
export * from './http';
export * from './logging';
export { CoreModule, type CoreModuleOptions } from './core.module';
export * from './settings';
export * from './query';
