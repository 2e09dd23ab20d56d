import type { ContentType } from '@cms/schema';
import type { SortField } from '../query/content-query';
import { quote, relatedRows, type CompileContext } from './compile-filter';
import { sql, type Sql } from './sql';
import { attributeOf, columnOf, relationStorage } from './storage';

/**
 * One sort field as an ORDER BY term on the rows of `type` under `alias`. Through to-one
 * relations it is the related value of the version being read, from a row the caller may see
 * (a hidden related row sorts as a missing one: NULL).
 */
export function compileSort(field: SortField, type: ContentType, alias: string, context: CompileContext): Sql {
  const expression = sortExpression(field.path, type, alias, context, 0);
  return sql(`${expression.text} ${field.direction === 'desc' ? 'DESC' : 'ASC'}`, expression.params);
}

function sortExpression(
  path: readonly string[],
  type: ContentType,
  alias: string,
  context: CompileContext,
  depth: number,
): Sql {
  const q = (identifier: string) => quote(context.dialect, identifier);
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) return sql(`${q(alias)}.${q(columnOf(type, head))}`);
  const attribute = attributeOf(type, head);
  const target = 'target' in attribute ? context.typeOf(attribute.target) : undefined;
  const storage = relationStorage(type, head, context.typeOf);
  if (!target || (storage.kind !== 'column' && storage.kind !== 'inverse-column'))
    throw new Error(`${type.singularName}.${head} is not a to-one relation`);
  const sub = `s${depth + 1}`;
  const link =
    storage.kind === 'column'
      ? `${q(sub)}.${q('document_id')} = ${q(alias)}.${q(storage.column)}`
      : `${q(sub)}.${q(storage.column)} = ${q(alias)}.${q('document_id')}`;
  const inner = sortExpression(rest, target, sub, context, depth + 1);
  const rows = relatedRows(target, sub, context, depth + 1);
  return sql(`(SELECT ${inner.text} FROM ${q(target.tableName)} ${q(sub)} WHERE ${link} AND ${rows.text} LIMIT 1)`, [
    ...inner.params,
    ...rows.params,
  ]);
}
