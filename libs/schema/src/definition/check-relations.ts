import type { ValidationIssue } from '@cms/core';
import {
  USER_TARGET,
  type Attribute,
  type ContentType,
  type RelationAttribute,
  type RelationKind,
} from './content-type';

type Path = readonly (string | number)[];

/** The kind the other side of a two-way relation must have. */
const INVERSE: Record<RelationKind, RelationKind> = {
  oneToOne: 'oneToOne',
  oneToMany: 'manyToOne',
  manyToOne: 'oneToMany',
  manyToMany: 'manyToMany',
};

/**
 * Checks what one definition cannot check alone: names unique across types, relation targets that
 * exist, and two-way relations whose sides name each other with matching kinds.
 */
export function checkTypes(types: readonly ContentType[], pathOf: (type: ContentType) => Path): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const report = (type: ContentType, path: Path, message: string) =>
    issues.push({ path: [...pathOf(type), ...path], message, name: 'ValidationError' });
  const names = new Map<string, ContentType>();
  const tables = new Map<string, ContentType>();
  for (const type of types) {
    for (const [name, key] of [
      [type.singularName, 'singularName'],
      [type.pluralName, 'pluralName'],
    ] as const) {
      const other = names.get(name);
      if (other && other !== type) report(type, ['info', key], `"${name}" is already a name of ${other.uid}`);
      names.set(name, type);
    }
    const sameTable = tables.get(type.tableName);
    if (sameTable) report(type, ['collectionName'], `the table ${type.tableName} already belongs to ${sameTable.uid}`);
    tables.set(type.tableName, type);
  }
  const bySingular = new Map(types.map((type) => [type.singularName, type]));
  for (const type of types) {
    for (const attribute of type.attributes) {
      if (attribute.type !== 'relation' || attribute.target === USER_TARGET) continue;
      const path = ['attributes', attribute.name];
      const target = bySingular.get(attribute.target);
      if (!target) {
        report(type, [...path, 'target'], `no content type "${attribute.target}"`);
        continue;
      }
      const otherName = attribute.inversedBy ?? attribute.mappedBy;
      if (otherName === undefined) continue;
      const key = attribute.inversedBy !== undefined ? 'inversedBy' : 'mappedBy';
      const other = target.attributes.find((candidate: Attribute) => candidate.name === otherName);
      if (!isRelationTo(other, type.singularName)) {
        report(
          type,
          [...path, key],
          `${target.singularName} has no relation "${otherName}" back to ${type.singularName}`,
        );
        continue;
      }
      const pointsBack = key === 'inversedBy' ? other.mappedBy === attribute.name : other.inversedBy === attribute.name;
      if (!pointsBack) {
        report(
          type,
          [...path, key],
          `${target.singularName}.${otherName} must name "${attribute.name}" with ${key === 'inversedBy' ? 'mappedBy' : 'inversedBy'}`,
        );
      } else if (other.relation !== INVERSE[attribute.relation]) {
        report(
          type,
          [...path, 'relation'],
          `${attribute.relation} needs ${INVERSE[attribute.relation]} on the other side, not ${other.relation}`,
        );
      }
    }
  }
  return issues;
}

function isRelationTo(attribute: Attribute | undefined, singularName: string): attribute is RelationAttribute {
  return attribute?.type === 'relation' && attribute.target === singularName;
}
