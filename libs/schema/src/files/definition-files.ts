import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DomainError } from '@cms/core';

export interface DefinitionFile {
  readonly file: string;
  readonly definition: unknown;
}

/**
 * Reads definitions from a folder: `<name>.json` files, or Strapi's tree
 * (`src/api/<name>/content-types/<name>/schema.json`, with or without `src/`); and components,
 * `components/<category>/<name>.json` (Strapi's `src/components/...` too), which become
 * definitions carrying their `uid`, `category.name`, and come first.
 */
export function readDefinitionFiles(folder: string): DefinitionFile[] {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw DomainError.validation('NO_SCHEMA_FOLDER', `${folder} is not a folder of content-type definitions`);
  }
  const strapiRoot = [join(folder, 'src', 'api'), join(folder, 'api')].find((candidate) => existsSync(candidate));
  const files = strapiRoot ? strapiSchemaFiles(strapiRoot) : flatJsonFiles(folder);
  const componentsRoot = [join(folder, 'src', 'components'), join(folder, 'components')].find((candidate) =>
    existsSync(candidate),
  );
  const components = componentsRoot ? componentFiles(componentsRoot) : [];
  return [
    ...components.map(({ file, uid }) => {
      const definition = readJson(file);
      return { file, definition: typeof definition === 'object' ? { uid, ...definition } : definition };
    }),
    ...files.map((file) => ({ file, definition: readJson(file) })),
  ];
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw DomainError.validation('INVALID_SCHEMA_FILE', `${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function componentFiles(root: string): { file: string; uid: string }[] {
  return readdirSync(root)
    .sort()
    .filter((category) => statSync(join(root, category)).isDirectory())
    .flatMap((category) => flatJsonFiles(join(root, category)).map((file) => ({ file, uid: uidOf(category, file) })));
}

function uidOf(category: string, file: string): string {
  return `${category}.${basename(file, '.json')}`;
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

/**
 * Writes each definition as `<folder>/<singularName>.json`, and each component as
 * `<folder>/components/<category>/<name>.json` (its `uid` is its path); returns the files written.
 */
export function writeDefinitionFiles(
  folder: string,
  definitions: readonly { singularName: string; definition: unknown }[],
): string[] {
  return definitions.map(({ singularName, definition }) => {
    const [category, name] = singularName.split('.');
    const file = name ? join(folder, 'components', category!, `${name}.json`) : join(folder, `${singularName}.json`);
    const { uid: _, ...body } = definition as Record<string, unknown>;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(name ? body : definition, null, 2)}\n`);
    return file;
  });
}
