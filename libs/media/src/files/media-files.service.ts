import { Injectable } from '@nestjs/common';
import { MEDIA_SUBJECT } from '@cms/access';
import { DomainError } from '@cms/core';
import { DocumentReader, DocumentService, type ContentQuery, type DocumentJson, type ReadAccess } from '@cms/content';
import { PUBLIC_ACTOR, type Actor } from '@cms/identity';
import { MediaTypes } from '../types/media-types-on-start';

export type MediaAction = 'read' | 'update' | 'delete';

/**
 * Files as the routes read them: under the caller's media permission (an author's `read`,
 * `update` and `delete` may be limited to their own files) and the same query language as content.
 */
@Injectable()
export class MediaFiles {
  constructor(
    private readonly types: MediaTypes,
    private readonly reader: DocumentReader,
    private readonly documents: DocumentService,
  ) {}

  access(actor: Actor, action: MediaAction): Promise<ReadAccess> {
    return this.documents.access(actor, action, this.types.file, MEDIA_SUBJECT);
  }

  /** Strapi answers a bare array: no count is asked for, as none is shown. */
  async list(raw: Record<string, unknown>, actor: Actor): Promise<DocumentJson[]> {
    const access = await this.access(actor, 'read');
    const query = this.documents.query(raw, this.types.file, access);
    return this.read({ ...query, pagination: uncounted(query.pagination) }, access, actor);
  }

  /** One file the caller may act on; a file it may not see answers as a missing one. */
  async find(id: string, actor: Actor, action: MediaAction, raw: Record<string, unknown> = {}): Promise<DocumentJson> {
    const access = await this.access(actor, action);
    return this.byId(id, this.documents.query(raw, this.types.file, access), access, actor);
  }

  /** A file by id for public delivery (its bytes are public at its URL anyway). */
  public(id: string): Promise<DocumentJson> {
    const access: ReadAccess = { fields: 'all', condition: undefined };
    return this.byId(id, this.documents.versionQuery(this.types.file, 'published'), access, PUBLIC_ACTOR);
  }

  private async byId(id: string, query: ContentQuery, access: ReadAccess, actor: Actor): Promise<DocumentJson> {
    if (!/^[1-9]\d{0,9}$/.test(id)) throw DomainError.notFound('No such file');
    const file = await this.documents.byId(this.types.file, Number(id), query, access, actor);
    if (!file) throw DomainError.notFound('No such file');
    return file;
  }

  private async read(query: ContentQuery, access: ReadAccess, actor: Actor): Promise<DocumentJson[]> {
    const page = await this.reader.findMany(this.types.file, query, access);
    return this.documents.populated(this.types.file, page.rows, query, access, actor);
  }
}

function uncounted(pagination: ContentQuery['pagination']): ContentQuery['pagination'] {
  return pagination.kind === 'cursor' ? pagination : { ...pagination, withCount: false };
}
