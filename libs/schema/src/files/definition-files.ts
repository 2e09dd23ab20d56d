import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@cms/core';

export interface DefinitionFile {
  readonly file: string;
  readonly definition: unknown;
}

/**
 * Reads definitions from a folder: `<name>.json` files, or Strapi's tree
 * (`src/api/<name>/content-types/<name>/schema.json`, with or without `src/`).
 */
export function readDefinitionFiles(folder: string): DefinitionFile[] {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw DomainError.validation('NO_SCHEMA_FOLDER', `${folder} is not a folder of content-type definitions`);
  }
  const strapiRoot = [join(folder, 'src', 'api'), join(folder, 'api')].find((candidate) => existsSync(candidate));
  const files = strapiRoot ? strapiSchemaFiles(strapiRoot) : flatJsonFiles(folder);
  return files.map((file) => {
    try {
      return { file, definition: JSON.parse(readFileSync(file, 'utf8')) as unknown };
    } catch (error) {
      throw DomainError.validation('INVALID_SCHEMA_FILE', `${file} is not valid JSON: ${(error as Error).message}`);
    }
  });
}

function flatJsonFiles(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(folder, name));
}

function strapiSchemaFiles(apiRoot: string): string[] {
  return readdirSync(apiRoot)
    .sort()
    .flatMap((api) => {
      const typesFolder = join(apiRoot, api, 'content-types');
      if (!existsSync(typesFolder)) return [];
      return readdirSync(typesFolder)
        .sort()
        .map((type) => join(typesFolder, type, 'schema.json'))
        .filter((file) => existsSync(file));
    });
}

/** Writes each definition as `<folder>/<singularName>.json`; returns the files written. */
export function writeDefinitionFiles(
  folder: string,
  definitions: readonly { singularName: string; definition: unknown }[],
): string[] {
  mkdirSync(folder, { recursive: true });
  return definitions.map(({ singularName, definition }) => {
    const file = join(folder, `${singularName}.json`);
    writeFileSync(file, `${JSON.stringify(definition, null, 2)}\n`);
    return file;
  });
}
