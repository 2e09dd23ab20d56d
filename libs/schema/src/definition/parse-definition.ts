import type { ValidationIssue } from '@cms/core';
import {
  ATTRIBUTE_TYPES,
  SYSTEM_TYPE_NAMES,
  type Attribute,
  type AttributeType,
  type ContentType,
} from './content-type';
import { columnNameOf } from '../attribute-types/column-of-attribute';
import { attributeType, ATTRIBUTE_TYPE_SPECS } from '../attribute-types/registry';
import { COMPONENT_UID } from '../attribute-types/component-entries';
import {
  ATTRIBUTE_NAME,
  RESERVED_ATTRIBUTE_NAMES,
  RESERVED_TYPE_NAMES,
  snakeCase,
  TABLE_NAME,
  TYPE_NAME,
} from './names';

type Path = readonly (string | number)[];
type Json = Record<string, unknown>;

/** Options every attribute takes; Strapi's admin-panel ones (`visible`, `writable`, `customField`) are kept, not used. */
const COMMON_KEYS = [
  'type',
  'required',
  'unique',
  'private',
  'configurable',
  'index',
  'pluginOptions',
  'visible',
  'writable',
  'customField',
];
const TOP_LEVEL_KEYS = ['kind', 'collectionName', 'info', 'options', 'pluginOptions', 'attributes', '$schema'];
const MAX_ATTRIBUTES = 200;

export interface ParsedDefinition {
  readonly contentType?: ContentType;
  readonly issues: ValidationIssue[];
}

/**
 * Validates one Strapi-shaped `schema.json` definition into a normalized ContentType. Every
 * problem is reported with its path; relations between types are checked by `checkRelations`.
 */
export function parseDefinition(input: unknown, root: Path = [], allowSystem = false): ParsedDefinition {
  const issues: ValidationIssue[] = [];
  const report = (path: Path, message: string) =>
    issues.push({ path: [...root, ...path], message, name: 'ValidationError' });
  if (!isObject(input)) {
    report([], 'must be a content-type definition object');
    return { issues };
  }
  if (input.uid !== undefined) return { issues, ...parseComponentDefinition(input, report) };
  unknownKeys(input, TOP_LEVEL_KEYS, [], report);
  const kind = input.kind ?? 'collectionType';
  if (kind !== 'collectionType' && kind !== 'singleType') report(['kind'], 'must be collectionType or singleType');

  const info = isObject(input.info) ? input.info : {};
  if (!isObject(input.info)) report(['info'], 'must be an object with singularName, pluralName and displayName');
  const system = allowSystem && SYSTEM_TYPE_NAMES.has(info.singularName as string);
  const singularName = typeName(info.singularName, ['info', 'singularName'], report, system);
  const pluralName = typeName(info.pluralName, ['info', 'pluralName'], report, system);
  if (singularName && singularName === pluralName) report(['info', 'pluralName'], 'must differ from singularName');
  const displayName =
    typeof info.displayName === 'string' && info.displayName.trim() !== '' ? info.displayName : undefined;
  if (!displayName) report(['info', 'displayName'], 'must be a non-empty string');
  if (info.description !== undefined && typeof info.description !== 'string')
    report(['info', 'description'], 'must be a string');

  let tableName = pluralName ? snakeCase(pluralName) : '';
  if (input.collectionName !== undefined) {
    if (typeof input.collectionName !== 'string' || !TABLE_NAME.test(input.collectionName)) {
      report(['collectionName'], 'must be 1-60 lower-case letters, digits or underscores, starting with a letter');
    } else if (input.collectionName.startsWith('cms_') && !system) {
      report(['collectionName'], 'must not start with cms_ (reserved for system tables)');
    } else {
      tableName = input.collectionName;
    }
  }

  const options = optionalObject(input.options, ['options'], report);
  unknownKeys(options, ['draftAndPublish', 'indexes', 'populateCreatorFields'], ['options'], report);
  const draftAndPublish = optionalBoolean(options.draftAndPublish, ['options', 'draftAndPublish'], report) ?? false;
  const pluginOptions = optionalObject(input.pluginOptions, ['pluginOptions'], report);
  const i18n = optionalObject(pluginOptions.i18n, ['pluginOptions', 'i18n'], report);
  const localized = optionalBoolean(i18n.localized, ['pluginOptions', 'i18n', 'localized'], report) ?? false;

  const attributes = parseAttributes(input.attributes, report);
  const indexes = parseIndexes(options.indexes, attributes, report);

  if (issues.length > 0 || !singularName || !pluralName || !displayName) return { issues };
  return {
    issues,
    contentType: {
      uid: system ? `plugin::upload.${singularName}` : `api::${singularName}.${singularName}`,
      kind: kind as ContentType['kind'],
      singularName,
      pluralName,
      displayName,
      ...(typeof info.description === 'string' ? { description: info.description } : {}),
      tableName,
      draftAndPublish,
      localized,
      attributes,
      indexes,
      ...(system ? { system } : {}),
    },
  };
}

const COMPONENT_KEYS = ['uid', 'collectionName', 'info', 'options', 'pluginOptions', 'attributes', '$schema'];

/**
 * A component's definition in Strapi's shape (`{collectionName, info: {displayName, icon},
 * attributes}`) with its `uid` (`category.name`, from its file's path or the admin API's body).
 */
function parseComponentDefinition(
  input: Json,
  report: (path: Path, message: string) => void,
): { contentType?: ContentType } {
  const before = countingReport(report);
  unknownKeys(input, COMPONENT_KEYS, [], before.report);
  const uid = typeof input.uid === 'string' && COMPONENT_UID.test(input.uid) ? input.uid : undefined;
  if (!uid) before.report(['uid'], 'must be category.name: two kebab-case names of at most 31 characters');
  const info = optionalObject(input.info, ['info'], before.report);
  const displayName =
    typeof info.displayName === 'string' && info.displayName.trim() !== '' ? info.displayName : undefined;
  if (!displayName) before.report(['info', 'displayName'], 'must be a non-empty string');
  for (const key of ['icon', 'description'] as const)
    if (info[key] !== undefined && typeof info[key] !== 'string') before.report(['info', key], 'must be a string');
  const [category = '', name = ''] = uid?.split('.') ?? [];
  let tableName = snakeCase(`components_${category}_${name}`);
  if (input.collectionName !== undefined) {
    if (typeof input.collectionName !== 'string' || !TABLE_NAME.test(input.collectionName))
      before.report(
        ['collectionName'],
        'must be 1-60 lower-case letters, digits or underscores, starting with a letter',
      );
    else tableName = input.collectionName;
  }
  optionalObject(input.options, ['options'], before.report);
  optionalObject(input.pluginOptions, ['pluginOptions'], before.report);
  const attributes = parseAttributes(input.attributes, before.report);
  for (const attribute of attributes) {
    const path = ['attributes', attribute.name];
    if (attribute.type === 'uid' || attribute.type === 'dynamiczone' || attribute.type === 'password')
      before.report([...path, 'type'], `a component cannot hold a ${attribute.type} attribute`);
    if (attribute.type === 'relation' && (attribute.inversedBy !== undefined || attribute.mappedBy !== undefined))
      before.report(path, "a component's relations are one-way: no inversedBy or mappedBy");
  }
  if (before.count() > 0 || !uid || !displayName) return {};
  return {
    contentType: {
      uid,
      kind: 'component',
      singularName: uid,
      pluralName: uid,
      displayName,
      ...(typeof info.description === 'string' ? { description: info.description } : {}),
      tableName,
      draftAndPublish: false,
      localized: false,
      attributes,
      indexes: [],
      category,
      ...(typeof info.icon === 'string' ? { icon: info.icon } : {}),
    },
  };
}

function typeName(
  value: unknown,
  path: Path,
  report: (path: Path, message: string) => void,
  system: boolean,
): string | undefined {
  if (typeof value !== 'string' || !TYPE_NAME.test(value)) {
    report(path, 'must be kebab-case: lower-case letters, digits and dashes, starting with a letter');
    return undefined;
  }
  if (RESERVED_TYPE_NAMES.has(value) && !system) {
    report(path, `"${value}" is reserved`);
    return undefined;
  }
  return value;
}

function parseAttributes(input: unknown, report: (path: Path, message: string) => void): Attribute[] {
  if (!isObject(input) || Object.keys(input).length === 0) {
    report(['attributes'], 'must be an object with at least one attribute');
    return [];
  }
  const entries = Object.entries(input);
  if (entries.length > MAX_ATTRIBUTES) report(['attributes'], `must have at most ${MAX_ATTRIBUTES} attributes`);
  const columns = new Map<string, string>();
  const attributes: Attribute[] = [];
  for (const [name, raw] of entries) {
    const path = ['attributes', name];
    if (!ATTRIBUTE_NAME.test(name)) {
      report(path, 'must start with a letter and hold only letters, digits and underscores (at most 60)');
      continue;
    }
    if (RESERVED_ATTRIBUTE_NAMES.has(name)) {
      report(path, `"${name}" is reserved for a system field`);
      continue;
    }
    const attribute = parseAttribute(name, raw, path, report);
    if (!attribute) continue;
    const column = columnNameOf(attribute);
    const clash = columns.get(column);
    if (clash) report(path, `clashes with "${clash}": both would be the column ${column}`);
    columns.set(column, name);
    attributes.push(attribute);
  }
  for (const attribute of attributes) {
    if (attribute.type === 'uid' && attribute.targetField !== undefined) {
      const target = attributes.find((other) => other.name === attribute.targetField);
      if (!target || !['string', 'text'].includes(target.type)) {
        report(['attributes', attribute.name, 'targetField'], 'must name a string or text attribute of this type');
      }
    }
  }
  return attributes;
}

function parseAttribute(
  name: string,
  raw: unknown,
  path: Path,
  report: (path: Path, message: string) => void,
): Attribute | undefined {
  if (!isObject(raw)) {
    report(path, 'must be an attribute object');
    return undefined;
  }
  const type = raw.type as AttributeType;
  if (!ATTRIBUTE_TYPES.includes(type)) {
    report([...path, 'type'], `must be one of ${ATTRIBUTE_TYPES.join(', ')}`);
    return undefined;
  }
  const spec = ATTRIBUTE_TYPE_SPECS[type];
  const before = countingReport(report);
  unknownKeys(raw, [...COMMON_KEYS, ...spec.options], path, before.report);
  const base = {
    name,
    required: optionalBoolean(raw.required, [...path, 'required'], before.report) ?? false,
    unique: optionalBoolean(raw.unique, [...path, 'unique'], before.report) ?? false,
    private: optionalBoolean(raw.private, [...path, 'private'], before.report) ?? false,
    index: optionalBoolean(raw.index, [...path, 'index'], before.report) ?? false,
    configurable: optionalBoolean(raw.configurable, [...path, 'configurable'], before.report) ?? true,
    localized: attributeLocalized(raw.pluginOptions, [...path, 'pluginOptions'], before.report),
  };
  if ((base.unique || base.index) && !spec.indexable) {
    before.report([...path, base.unique ? 'unique' : 'index'], `cannot apply to a ${type} attribute`);
  }
  const attribute = spec.define(raw, base, (message, at = []) => before.report([...path, ...at], message));
  return before.count() === 0 ? attribute : undefined;
}

function parseIndexes(
  input: unknown,
  attributes: readonly Attribute[],
  report: (path: Path, message: string) => void,
): string[][] {
  if (input === undefined) return [];
  if (!Array.isArray(input)) {
    report(['options', 'indexes'], 'must be a list of attribute-name lists');
    return [];
  }
  return input.flatMap((index, position) => {
    const path = ['options', 'indexes', position];
    if (!Array.isArray(index) || index.length === 0 || index.length > 8) {
      report(path, 'must be a list of 1 to 8 attribute names');
      return [];
    }
    const problems = index.filter((name) => {
      const attribute = attributes.find((candidate) => candidate.name === name);
      return (
        !attribute ||
        !(
          attributeType(attribute).indexable ||
          (attribute.type === 'relation' && ['manyToOne', 'oneToOne'].includes(attribute.relation))
        )
      );
    });
    if (problems.length > 0) {
      report(path, `names no indexable attribute: ${problems.join(', ')}`);
      return [];
    }
    return [index as string[]];
  });
}

function unknownKeys(
  input: Json,
  allowed: readonly string[],
  path: Path,
  report: (path: Path, message: string) => void,
): void {
  for (const key of Object.keys(input)) if (!allowed.includes(key)) report([...path, key], 'is not allowed here');
}

function optionalObject(value: unknown, path: Path, report: (path: Path, message: string) => void): Json {
  if (value === undefined) return {};
  if (!isObject(value)) {
    report(path, 'must be an object');
    return {};
  }
  return value;
}

function optionalBoolean(
  value: unknown,
  path: Path,
  report: (path: Path, message: string) => void,
): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    report(path, 'must be true or false');
    return undefined;
  }
  return value;
}

/** `pluginOptions.i18n.localized` of an attribute: true unless it says false (other plugins' options are kept). */
function attributeLocalized(value: unknown, path: Path, report: (path: Path, message: string) => void): boolean {
  const pluginOptions = optionalObject(value, path, report);
  const i18n = optionalObject(pluginOptions.i18n, [...path, 'i18n'], report);
  return optionalBoolean(i18n.localized, [...path, 'i18n', 'localized'], report) ?? true;
}

function countingReport(report: (path: Path, message: string) => void) {
  let count = 0;
  return {
    report: (path: Path, message: string) => {
      count += 1;
      report(path, message);
    },
    count: () => count,
  };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
