import { Injectable } from '@nestjs/common';
import { MEDIA_SUBJECT } from '@cms/access';
import { DomainError } from '@cms/core';
import {
  AccessPlanner,
  DocumentReader,
  DocumentService,
  type AccessPlan,
  type ContentQuery,
  type DocumentJson,
} from '@cms/content';
import type { Actor } from '@cms/identity';
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
    private readonly planner: AccessPlanner,
  ) {}

  /** The caller's plan for `action` on files (a 403 without the media permission). */
  plan(actor: Actor, action: MediaAction, type = this.types.file): Promise<AccessPlan> {
    return this.planner.plan(actor, action, type, { subject: MEDIA_SUBJECT });
  }

  /** Strapi answers a bare array: no count is asked for, as none is shown. */
  async list(raw: Record<string, unknown>, actor: Actor): Promise<DocumentJson[]> {
    const plan = await this.plan(actor, 'read');
    const query = this.documents.query(raw, plan);
    const page = await this.reader.findMany({ ...query, pagination: uncounted(query.pagination) }, plan);
    return this.documents.populated(page.rows, query, plan);
  }

  /** One file the caller may act on; a file it may not see answers as a missing one. */
  async find(id: string, actor: Actor, action: MediaAction, raw: Record<string, unknown> = {}): Promise<DocumentJson> {
    const plan = await this.plan(actor, action);
    return this.byId(id, this.documents.query(raw, plan), plan);
  }

  /** A file by id for public delivery (its bytes are public at its URL anyway). */
  public(id: string): Promise<DocumentJson> {
    const file = this.types.file;
    return this.byId(id, this.documents.versionQuery(file, 'published'), this.planner.trusted(file));
  }

  private async byId(id: string, query: ContentQuery, plan: AccessPlan): Promise<DocumentJson> {
    if (!/^[1-9]\d{0,9}$/.test(id)) throw DomainError.notFound('No such file');
    const file = await this.documents.byId(Number(id), query, plan);
    if (!file) throw DomainError.notFound('No such file');
    return file;
  }
}

function uncounted(pagination: ContentQuery['pagination']): ContentQuery['pagination'] {
  return pagination.kind === 'cursor' ? pagination : { ...pagination, withCount: false };
}
