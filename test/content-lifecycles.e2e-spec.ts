import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { ContentLifecycles, ContentModule } from '@cms/content';
import { DomainError } from '@cms/core';
import { DataSource } from 'typeorm';
import { queryDatabase } from './support/query-database';
import { createUser, loginAsAdmin, type Session } from './support/auth';
import { putContentTypes } from './support/content-types';
import { startTestApp, type TestApp } from './support/test-app';

const seen: string[] = [];

/** A project's hooks, registered by an ordinary Nest provider. */
@Injectable()
class ArticleHooks implements OnModuleInit {
  constructor(private readonly lifecycles: ContentLifecycles) {}

  onModuleInit(): void {
    this.lifecycles.register('article', {
      beforeCreate: (event) => {
        event.data.title = String(event.data.title ?? '')
          .trim()
          .toUpperCase();
      },
      afterCreate: async (event) => {
        seen.push(`created ${event.result?.title} by ${event.actor.kind}`);
        // A row of the project's own, in the write's transaction (as history and audit will be).
        await event.transaction.query('INSERT INTO hook_log (document_id, note) VALUES (?, ?)', [
          event.documentId,
          event.result?.title,
        ]);
        if (event.result?.title === 'VETO') throw DomainError.validation('VETOED', 'Vetoed after the write');
      },
      beforeUpdate: (event) => void seen.push(`updating ${event.documentId}`),
      afterUpdate: (event) => void seen.push(`updated to ${event.result?.title}`),
      beforeDelete: (event) => {
        if (event.documentId === keep) throw DomainError.forbidden('This article is kept', 'KEPT');
      },
      afterDelete: (event) => void seen.push(`deleted ${event.documentId}`),
    });
  }
}

@Module({ imports: [ContentModule], providers: [ArticleHooks] })
class HooksModule {}

let keep = '';

describe('lifecycle hooks', () => {
  let cms: TestApp;
  let editor: Session;

  beforeAll(async () => {
    cms = await startTestApp({ extensions: [HooksModule] });
    const admin = await loginAsAdmin(cms);
    await putContentTypes(cms, admin, [
      {
        info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
        attributes: { title: { type: 'string', maxLength: 10 } },
      },
    ]);
    await cms.app.get(DataSource).query('CREATE TABLE hook_log (document_id varchar(64), note varchar(64))');
    editor = await createUser(cms, ['editor']);
  });

  afterAll(() => cms.close());

  const call = (method: 'post' | 'put' | 'delete', path: string) =>
    cms.http()[method](path).auth(editor.accessToken, { type: 'bearer' });

  it('run around creates, updates and deletes; before-hooks change data, which is then validated', async () => {
    const created = await call('post', '/api/articles')
      .send({ data: { title: '  hello ' } })
      .expect(201);
    expect(created.body.data.title).toBe('HELLO');
    const id = created.body.data.documentId;
    await call('put', `/api/articles/${id}`)
      .send({ data: { title: 'again' } })
      .expect(200);
    await call('post', '/api/articles')
      .send({ data: { title: 'far too long a title' } })
      .expect(400);
    await call('delete', `/api/articles/${id}`).expect(204);
    expect(seen).toEqual(['created HELLO by user', `updating ${id}`, 'updated to again', `deleted ${id}`]);
  });

  it('runs in the write’s transaction: a row an after-hook writes commits and rolls back with the document', async () => {
    const kept = await call('post', '/api/articles')
      .send({ data: { title: 'logged' } })
      .expect(201);
    const vetoed = await call('post', '/api/articles')
      .send({ data: { title: 'veto' } })
      .expect(400);
    expect(vetoed.body.error.message).toBe('Vetoed after the write');
    const log = await queryDatabase(cms.database.url, 'SELECT document_id, note FROM hook_log ORDER BY note');
    expect(log).toContainEqual({ document_id: kept.body.data.documentId, note: 'LOGGED' });
    expect(log.map((row) => row.note)).not.toContain('VETO');
    const articles = await queryDatabase(cms.database.url, "SELECT title FROM articles WHERE title = 'VETO'");
    expect(articles).toEqual([]);
  });

  it('can refuse a write: nothing is changed', async () => {
    keep = (
      await call('post', '/api/articles')
        .send({ data: { title: 'keep me' } })
        .expect(201)
    ).body.data.documentId;
    const refused = await call('delete', `/api/articles/${keep}`).expect(403);
    expect(refused.body.error.message).toBe('This article is kept');
    await cms.http().get(`/api/articles/${keep}`).auth(editor.accessToken, { type: 'bearer' }).expect(200);
  });
});
