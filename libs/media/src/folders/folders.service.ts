import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MEDIA_SUBJECT } from '@cms/access';
import { DomainError } from '@cms/core';
import { DocumentReader, DocumentService, DocumentWriter, validateInput, type DocumentJson } from '@cms/content';
import type { Actor } from '@cms/identity';
import { columnNameOf, type ContentType } from '@cms/schema';
import type { DataSource } from 'typeorm';
import type { MediaAction } from '../files/media-files.service';
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
    private readonly writer: DocumentWriter,
    private readonly documents: DocumentService,
  ) {}

  async list(raw: Record<string, unknown>, actor: Actor): Promise<{ data: DocumentJson[]; total?: number }> {
    const folder = this.types.folder;
    const access = await this.documents.access(actor, 'read', folder, MEDIA_SUBJECT);
    const query = this.documents.query(raw, folder, access);
    const page = await this.reader.findMany(folder, query, access);
    return { data: await this.documents.populated(folder, page.rows, query, access, actor), total: page.total };
  }

  /** One folder the caller may act on, or a 404 as for a missing one. */
  async find(id: number, actor: Actor, action: MediaAction): Promise<DocumentJson> {
    const folder = this.types.folder;
    const access = await this.documents.access(actor, action, folder, MEDIA_SUBJECT);
    const query = this.documents.versionQuery(folder, 'published');
    const found = await this.documents.byId(folder, id, query, access, actor);
    if (!found) throw DomainError.notFound('No such folder');
    return found;
  }

  /** A new folder under `parent` (the root when null); its pathId is the next free one. */
  async create(name: string, parentId: number | null, actor: Actor, userId: number | null): Promise<DocumentJson> {
    const folder = this.types.folder;
    const parent = parentId === null ? undefined : await this.find(parentId, actor, 'read');
    for (let attempt = 1; ; attempt += 1) {
      const [{ next }] = await this.dataSource.query(
        `SELECT COALESCE(MAX(path_id), 0) + 1 AS next FROM ${folder.tableName}`,
      );
      const pathId = Number(next);
      const data = { name, pathId, path: `${(parent?.path as string | undefined) ?? ''}/${pathId}`, parent: parentId };
      try {
        const { documentId, stored } = await this.writer.create(
          folder,
          validateInput(folder, data, { complete: true }),
          { publish: true, userId },
        );
        return this.documents.written(folder, documentId, true, stored);
      } catch (error) {
        // Two folders created at once took the same pathId: the unique index decided; try the next.
        if (!(error instanceof DomainError && error.errorName === 'ConflictError') || attempt >= PATH_ID_ATTEMPTS)
          throw error;
      }
    }
  }

  async rename(id: number, name: string, actor: Actor, userId: number | null): Promise<DocumentJson> {
    const folder = this.types.folder;
    const found = await this.find(id, actor, 'update');
    const documentId = found.documentId as string;
    await this.writer.update(folder, documentId, validateInput(folder, { name }, { complete: false }), {
      publish: true,
      userId,
    });
    return this.documents.written(folder, documentId, true);
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
    await this.writer.delete(this.types.folder, found.documentId as string);
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
