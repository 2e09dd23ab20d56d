import { Injectable } from '@nestjs/common';

/** Documents remembered at most; the oldest is forgotten first. */
const CAPACITY = 10_000;

/**
 * Documents this instance has seen exist, with their type, so that a write linking to one need
 * not look it up again (a create that names its author is one statement shorter).
 *
 * Trusting it is safe: a document never changes type, and every reference is a foreign key to
 * `cms_documents`, so the database refuses a link to a document deleted since, even by another
 * instance. The writer then forgets everything and runs the write again with lookups, which
 * name the missing document in a 400.
 */
@Injectable()
export class KnownDocuments {
  private readonly types = new Map<string, string>();

  /** The type of a document known to exist, by its singular name. */
  typeOf(documentId: string): string | undefined {
    return this.types.get(documentId);
  }

  remember(documentId: string, singularName: string): void {
    this.types.delete(documentId);
    this.types.set(documentId, singularName);
    if (this.types.size > CAPACITY) this.types.delete(this.types.keys().next().value!);
  }

  forget(documentId: string): void {
    this.types.delete(documentId);
  }

  forgetAll(): void {
    this.types.clear();
  }
}
