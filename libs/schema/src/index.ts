export * from './definition/content-type';
export { snakeCase } from './definition/names';
export { parseDefinitions } from './definition/parse-definitions';
