import { createConnection } from 'mysql2/promise';

/** The shared workload's dataset module (../shared/bench/dataset.js). */
export interface Dataset {
  readonly N_AUTHORS: number;
  author(index: number): { name: string; email: string };
  article(index: number): {
    title: string;
    slug: string;
    body: string;
    views: number;
    rating: number;
    category: string;
    publishedDate: string;
    authorIndex: number;
  };
  documentIdFor(kind: string, index: number): string;
}

const BATCH = 1000;

/**
 * Loads the dataset straight into our tables, in multi-row INSERTs: a document id per entry, and
 * the draft and published rows that publishing would have made (both types use draft and publish).
 */
export async function loadDataset(databaseUrl: string, dataset: Dataset, articles: number): Promise<number> {
  const started = Date.now();
  const connection = await createConnection(databaseUrl);
  const stamp = (iso: string) => iso.replace('T', ' ').replace('Z', '');
  const now = stamp(new Date().toISOString());
  const insert = async (table: string, columns: string[], rows: unknown[][]) => {
    for (let start = 0; start < rows.length; start += BATCH) {
      await connection.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ?`, [
        rows.slice(start, start + BATCH),
      ]);
    }
  };
  const versions = <T>(documentId: string, values: T[]) => [
    [documentId, 0, now, now, null, ...values],
    [documentId, 1, now, now, now, ...values],
  ];
  const system = ['document_id', 'is_published', 'created_at', 'updated_at', 'published_at'];
  const register = (ids: readonly string[], type: string) =>
    insert(
      'cms_documents',
      ['document_id', 'content_type'],
      ids.map((id) => [id, type]),
    );
  try {
    const authorIds = Array.from({ length: dataset.N_AUTHORS }, (_, i) => dataset.documentIdFor('author', i + 1));
    await register(authorIds, 'author');
    await insert(
      'authors',
      [...system, 'name', 'email'],
      authorIds.flatMap((id, i) => {
        const author = dataset.author(i + 1);
        return versions(id, [author.name, author.email]);
      }),
    );
    for (let first = 1; first <= articles; first += BATCH) {
      const indexes = Array.from({ length: Math.min(BATCH, articles - first + 1) }, (_, offset) => first + offset);
      const ids = indexes.map((index) => dataset.documentIdFor('article', index));
      await connection.beginTransaction();
      await register(ids, 'article');
      await insert(
        'articles',
        [...system, 'title', 'slug', 'body', 'views', 'rating', 'category', 'published_date', 'author_document_id'],
        indexes.flatMap((index, offset) => {
          const article = dataset.article(index);
          return versions(ids[offset]!, [
            article.title,
            article.slug,
            article.body,
            article.views,
            article.rating,
            article.category,
            stamp(article.publishedDate),
            authorIds[article.authorIndex - 1],
          ]);
        }),
      );
      await connection.commit();
    }
  } finally {
    await connection.end();
  }
  return (Date.now() - started) / 1000;
}
