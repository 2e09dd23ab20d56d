import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError } from '@cms/core';
import { AccessPlanner, DocumentCommands, DocumentReader, DocumentService, type DocumentJson } from '@cms/content';
import type { Actor } from '@cms/identity';
import { columnNameOf, type ContentType } from '@cms/schema';
import type { DataSource } from 'typeorm';
import { MediaFiles, type MediaAction } from '../files/media-files.service';
import { MediaTypes } from '../types/media-types-on-start';

const PATH_ID_ATTEMPTS = 5;

/**
 * Folders of the media library (Strapi's shape: `pathId`, and `path` made of the ids from the
 * root). Files keep their folder's path in `folderPath`, so a folder's files are one filter away.
 */
@Injectable()
export class MediaFolders {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly types: MediaTypes,
    private readonly reader: DocumentReader,
    private readonly documents: DocumentService,
    private readonly files: MediaFiles,
    private readonly planner: AccessPlanner,
    private readonly commands: DocumentCommands,
  ) {}

  async list(raw: Record<string, unknown>, actor: Actor): Promise<{ data: DocumentJson[]; total?: number }> {
    const plan = await this.files.plan(actor, 'read', this.types.folder);
    const query = this.documents.query(raw, plan);
    const page = await this.reader.findMany(query, plan);
    return { data: await this.documents.populated(page.rows, query, plan), total: page.total };
  }

  /** One folder the caller may act on, or a 404 as for a missing one. */
  async find(id: number, actor: Actor, action: MediaAction): Promise<DocumentJson> {
    const folder = this.types.folder;
    const plan = await this.files.plan(actor, action, folder);
    const found = await this.documents.byId(id, this.documents.versionQuery(folder, 'published'), plan);
    if (!found) throw DomainError.notFound('No such folder');
    return found;
  }

  /** A new folder under `parent` (the root when null); its pathId is the next free one. */
  async create(name: string, parentId: number | null, actor: Actor): Promise<DocumentJson> {
    const folder = this.types.folder;
    const parent = parentId === null ? undefined : await this.find(parentId, actor, 'read');
    for (let attempt = 1; ; attempt += 1) {
      const [{ next }] = await this.dataSource.query(
        `SELECT COALESCE(MAX(path_id), 0) + 1 AS next FROM ${folder.tableName}`,
      );
      const pathId = Number(next);
      const data = { name, pathId, path: `${(parent?.path as string | undefined) ?? ''}/${pathId}`, parent: parentId };
      try {
        return await this.commands.create({ actor, plan: this.planner.trusted(folder), data, publish: true });
      } catch (error) {
        // Two folders created at once took the same pathId: the unique index decided; try the next.
        if (!(error instanceof DomainError && error.errorName === 'ConflictError') || attempt >= PATH_ID_ATTEMPTS)
          throw error;
      }
    }
  }

  async rename(id: number, name: string, actor: Actor): Promise<DocumentJson> {
    const found = await this.find(id, actor, 'update');
    const plan = this.planner.trusted(this.types.folder);
    const documentId = found.documentId as string;
    return this.commands.update({ actor, plan, documentId, data: { name }, publish: true });
  }

  /** Deletes an empty folder; one with files or folders in it is a 409. */
  async remove(id: number, actor: Actor): Promise<DocumentJson> {
    const found = await this.find(id, actor, 'delete');
    const files = await this.countReferences(this.types.file, 'folder', found.documentId as string);
    const children = await this.countReferences(this.types.folder, 'parent', found.documentId as string);
    if (files > 0 || children > 0)
      throw DomainError.conflict('FOLDER_NOT_EMPTY', 'Move or delete what the folder holds first', {
        files,
        folders: children,
      });
    const plan = this.planner.trusted(this.types.folder);
    await this.commands.delete({ actor, plan, documentId: found.documentId as string });
    return found;
  }

  private async countReferences(type: ContentType, attribute: string, documentId: string): Promise<number> {
    const column = columnNameOf(type.attributes.find((candidate) => candidate.name === attribute)!);
    const [row] = await this.dataSource.query(`SELECT COUNT(*) AS n FROM ${type.tableName} WHERE ${column} = ?`, [
      documentId,
    ]);
    return Number(row.n);
  }
}
